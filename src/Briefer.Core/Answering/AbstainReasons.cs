using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>Says, in one short phrase, why the documents do not answer a question: the key constraint no source meets.</summary>
public static partial class AbstainReasons
{
    /// <summary>When retrieval found nothing quotable.</summary>
    public const string NothingMatches = "no passage of the documents matches the question";

    /// <summary>
    /// The first that applies: a name or number of the question no source mentions; one the closest passage does not
    /// mention; a negation or comparison it does not make; the kind of answer it does not give; else that the closest
    /// passage does not answer it.
    /// </summary>
    public static string Explain(QuestionAnalysis question, AnswerFeatures features, RankedSentence best)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(best);
        var evidence = new KeyTermEvidence(features.Candidates);
        var everywhere = evidence.Terms;
        var key = KeyTerms(question);
        if (key.FirstOrDefault(c => !evidence.Meets(c)) is { } absent)
        {
            return $"no source mentions \"{absent.Text}\"";
        }

        var window = new HashSet<string>(best.Candidate.TermSet, StringComparer.Ordinal);
        window.UnionWith(best.Candidate.ContextTerms);
        var words = new HashSet<string>(best.Candidate.LowerWords, StringComparer.Ordinal);
        foreach (var neighbour in new[] { best.Candidate.Previous, best.Candidate.Next })
        {
            if (neighbour is not null)
            {
                window.UnionWith(neighbour.TermSet);
                words.UnionWith(neighbour.LowerWords);
            }
        }

        window.UnionWith(AnswerTerms.Analyze(best.Candidate.Chunk.Title));
        if (key.FirstOrDefault(c => c.Form is ConstraintForm.Words or ConstraintForm.Identifier && !c.Terms.All(window.Contains)) is { } elsewhere)
        {
            return $"the passages that answer questions like this are not about \"{elsewhere.Text}\"";
        }

        if (question.Of(ConstraintKind.Negation).Any() && !words.Any(QuestionAnalyzer.IsNegation))
        {
            return "no source states the negative the question asks about";
        }

        if (question.Of(ConstraintKind.Comparison).FirstOrDefault(c => !words.Contains(c.Text.ToLowerInvariant())) is { } comparison)
        {
            return $"no source says \"{comparison.Text}\" about this";
        }

        // Light verbs ("get", "go", "keep") say nothing of the subject: never the word an abstention names.
        var content = question.Of(ConstraintKind.Content).Where(c => !window.Contains(c.Text) && !LightVerbs.Contains(c.Text)).Select(c => c.Text).ToList();
        if (content.Count > 0 && content.All(t => !everywhere.Contains(t)))
        {
            // The most telling word: the longest (a stray "I" or "s" is never worth naming).
            return $"no source mentions \"{OriginalWord(question.Question, content.MaxBy(t => t.Length)!)}\"";
        }

        var asked = question.AnswerType switch
        {
            AnswerType.Reason => "a reason",
            AnswerType.Time => "a date or time",
            AnswerType.Place => "a place",
            AnswerType.Person => "a person or organisation",
            AnswerType.Quantity => "a number",
            _ => null,
        };
        if (asked is not null && best.Features[AnswerFeatures.TypeAskedIndex] <= 0)
        {
            return $"the closest passage does not give {asked}";
        }

        return content.Count > 0
            ? $"the closest passage does not say anything about \"{OriginalWord(question.Question, content[0])}\""
            : "the closest passage does not answer it";
    }

    /// <summary>
    /// When a name or number of the question (a key constraint) appears in none of the retrieved passages or their
    /// titles, says which: the documents cannot answer a question about something they never mention. Left out, since
    /// a text can say them in other words: adjectives of nationality or language ("Italian" for Italy), ordinals and
    /// one-digit numbers ("5th", "4": "fifth", "four"), and a question's capitalised first word that reads as an
    /// adverb or participle ("Roughly", "Starting"), and plain numbers other than years.
    /// </summary>
    public static string? MissingKeyTerm(QuestionAnalysis question, AnswerFeatures features)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(features);
        var first = TextWords.Split(question.Question).Select(w => w.Text).FirstOrDefault();
        var key = KeyTerms(question).Where(c => Decisive(c, first)).ToList();
        var evidence = new KeyTermEvidence(features.Candidates);
        if (key.FirstOrDefault(c => !evidence.Meets(c)) is { } absent)
        {
            return $"no source mentions \"{absent.Text}\"";
        }

        // An uncommon word of the question ("macos", "freebsd") the evidence never writes in any form, whatever its case.
        if (question.UncommonWords.FirstOrDefault(w => !evidence.MentionsWord(w)) is { } unmentioned)
        {
            return $"no source mentions \"{unmentioned}\"";
        }

        // A subcommand the documents' command never takes ("pm2 snapshot" where they show "pm2 start", "pm2 save").
        return CommandPhrases.Unknown(question.Question, features.Candidates.Select(c => c.Chunk.Text)) is { } command
            ? $"no source mentions \"{command}\""
            : null;
    }

    /// <summary>
    /// When the question asks for a date or a number and neither the best sentence nor its neighbours hold one, says
    /// so: a passage without a date does not answer "when".
    /// </summary>
    public static string? MissingAnswerType(QuestionAnalysis question, IReadOnlyList<RankedSentence> ranked)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(ranked);
        if (question.AnswerType is not (AnswerType.Time or AnswerType.Quantity) || ranked.Count == 0)
        {
            return null;
        }

        var best = ranked[0].Candidate;
        var window = new[] { best, best.Previous, best.Next };
        var holds = ranked.Any(r => window.Contains(r.Candidate) && r.Features[AnswerFeatures.TypeAskedIndex] > 0);
        return holds ? null : question.AnswerType == AnswerType.Time
            ? "the closest passage does not give a date or time"
            : "the closest passage does not give a number";
    }

    private static bool Decisive(KeyConstraint constraint, string? firstWord)
    {
        var text = constraint.Text;
        if (constraint.Form is ConstraintForm.Version or ConstraintForm.Identifier)
        {
            return true;
        }

        if (constraint.Form == ConstraintForm.Phrase)
        {
            return constraint.Terms.Count >= 3;
        }

        if (constraint.Kind == ConstraintKind.Number)
        {
            // Of plain numbers only a year decides: "10gb", "like 80k", "in 3600 servers", "still 25000?" describe the
            // member's situation or guess, and a text says them in other words ("10 GB", "80,000", "300 seconds");
            // versions are constraints of their own (ConstraintForm.Version).
            return Year().IsMatch(text);
        }

        if (!text.Contains(' ', StringComparison.Ordinal))
        {
            var lower = text.ToLowerInvariant();
            if (NationalitySuffixes.Any(s => lower.EndsWith(s, StringComparison.Ordinal) && lower.Length > s.Length + 2))
            {
                return false;
            }

            if (text == firstWord && (lower.EndsWith("ly", StringComparison.Ordinal) || lower.EndsWith("ing", StringComparison.Ordinal) || lower.EndsWith("ed", StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly HashSet<string> LightVerbs = [.. AnswerTerms.Analyze("get gets got getting go goes went going gone make makes made take takes took come comes came keep keeps kept put puts use uses used using work works worked working run runs ran running need needs want wants try tries")];

    private static readonly string[] NationalitySuffixes = ["ian", "ese", "ish", "ean", "can", "man"];

    [System.Text.RegularExpressions.GeneratedRegex(@"^(1[5-9]|20)\d\d('?s)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Year();

    /// <summary>Names, numbers, identifiers, versions and pasted phrases: what the evidence must mention for the question to be answerable.</summary>
    private static List<KeyConstraint> KeyTerms(QuestionAnalysis question) =>
        [.. question.Constraints.Where(c => (c.Kind is ConstraintKind.Name or ConstraintKind.Number || c.Form == ConstraintForm.Phrase) && (c.Terms.Count > 0 || c.Form == ConstraintForm.Version))];

    /// <summary>The question's word whose analysed term is <paramref name="term"/> ("capital" for "capit"), else the term.</summary>
    private static string OriginalWord(string question, string term) =>
        TextWords.Split(question).Select(w => w.Text).FirstOrDefault(w => AnswerTerms.Analyze(w) is [var t] && t == term) ?? term;
}
