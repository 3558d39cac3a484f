namespace Briefer.Cli.Eval.Docs;

/// <summary>What <c>eval docs --check</c> found in a set.</summary>
internal sealed record DocsQaCheckReport(DocsQaDataset Dataset, string QuestionsSha256, string? FreezeRecordedIn, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// Checks a documentation set before anyone measures on it: every gold string is found (by the scorer's own
/// <see cref="DocsQaScorer.Contains"/>) in its page, every alternative page holds one, the kinds are the README's, the
/// counts meet the minimums, and the sha256 of questions.json is recorded in the set's README.md or NOTICE.
/// </summary>
internal static class DocsQaCheck
{
    public const int MinimumAnswerable = 30;

    public const int MinimumUnanswerable = 15;

    public static readonly IReadOnlySet<string> AnswerableKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "default", "how-do-i", "version", "when", "why", "troubleshooting", "what-is", "how-many", "yes-no",
    };

    public static readonly IReadOnlySet<string> UnanswerableKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "fake-option", "fake-flag", "fake-option-near-miss", "fake-command", "competitor", "changed-version", "not-covered", "troubleshooting-not-covered",
    };

    public static DocsQaCheckReport Run(DocsQaDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var problems = new List<string>();
        var texts = dataset.Pages.ToDictionary(p => p.Name, p => dataset.PageText(p.Name), StringComparer.Ordinal);
        foreach (var (q, i) in dataset.Questions.Select((q, i) => (q, i + 1)))
        {
            var label = $"question {i} (\"{q.Q}\")";
            if (!(q.Abstain ? UnanswerableKinds : AnswerableKinds).Contains(q.Kind))
            {
                problems.Add($"{label}: kind '{q.Kind}' is not one of {string.Join(", ", q.Abstain ? UnanswerableKinds : AnswerableKinds)}.");
            }

            if (q.Abstain)
            {
                if (q.Gold is { Count: > 0 } || q.Doc is not null)
                {
                    problems.Add($"{label}: an unanswerable question has no \"doc\" or \"gold\".");
                }

                continue;
            }

            if (q.GoldStrings.Count > 3)
            {
                problems.Add($"{label}: {q.GoldStrings.Count} gold strings; at most 3.");
            }

            foreach (var gold in q.GoldStrings.Where(g => !DocsQaScorer.Contains(texts[q.Doc!], g)))
            {
                problems.Add($"{label}: gold \"{gold}\" is not in {q.Doc} (after normalisation, on word boundaries).");
            }

            foreach (var alt in (q.AltDocs ?? []).Where(a => !DocsQaScorer.ContainsAny(texts[a], q.GoldStrings)))
            {
                problems.Add($"{label}: alt_docs page {alt} holds none of the gold strings.");
            }
        }

        var answerable = dataset.Answerable.Count();
        var unanswerable = dataset.Unanswerable.Count();
        if (answerable < MinimumAnswerable)
        {
            problems.Add($"{answerable} answerable questions; a set needs at least {MinimumAnswerable}.");
        }

        if (unanswerable < MinimumUnanswerable)
        {
            problems.Add($"{unanswerable} unanswerable questions; a set needs at least {MinimumUnanswerable}.");
        }

        foreach (var duplicate in dataset.Questions.GroupBy(q => DocsQaScorer.Normalize(q.Q)).Where(g => g.Count() > 1))
        {
            problems.Add($"question \"{duplicate.First().Q}\" is asked {duplicate.Count()} times.");
        }

        var sha = dataset.QuestionsSha256();
        var recordedIn = new[] { "README.md", "NOTICE" }
            .FirstOrDefault(f => File.Exists(Path.Combine(dataset.Folder, f)) && File.ReadAllText(Path.Combine(dataset.Folder, f)).Contains(sha, StringComparison.OrdinalIgnoreCase));
        if (recordedIn is null)
        {
            problems.Add($"the sha256 of {DocsQaDataset.QuestionsFile} ({sha}) is not recorded in README.md or NOTICE: freeze the questions before measuring.");
        }

        return new DocsQaCheckReport(dataset, sha, recordedIn, problems);
    }
}
