using System.Text.Json;
using System.Text.Json.Serialization;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Cli.Eval;

/// <summary>
/// One answer case: a question, the facts a correct answer contains (case-insensitive substrings) and the file name
/// of the document it must cite; <see cref="Source"/> null means the documents do not answer it and Briefer must abstain.
/// </summary>
internal sealed record AnswerCase(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("facts")] IReadOnlyList<string>? Facts,
    [property: JsonPropertyName("source")] string? Source)
{
    public bool ShouldAbstain => Source is null;

    /// <summary>Reads a JSON-lines case file; blank lines are skipped.</summary>
    public static IReadOnlyList<AnswerCase> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The case file '{path}' does not exist. Pass a JSON-lines file of {{\"question\", \"facts\", \"source\"}} with --cases.");
        }

        var cases = new List<AnswerCase>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            AnswerCase? item;
            try
            {
                item = JsonSerializer.Deserialize(line, EvalJsonContext.Default.AnswerCase);
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"{path}, line {number}: {ex.Message}", ex);
            }

            if (item is null || string.IsNullOrWhiteSpace(item.Question))
            {
                throw new ArgumentException($"{path}, line {number}: a case needs a \"question\".");
            }

            cases.Add(item);
        }

        return cases;
    }
}

/// <summary>How one case went.</summary>
internal sealed record AnswerCaseResult(AnswerCase Case, bool Abstained, IReadOnlyList<string> MissingFacts, bool CitedSource, string Answer)
{
    /// <summary>Abstained when it should, or answered with every fact and the expected source.</summary>
    public bool Passed => Case.ShouldAbstain ? Abstained : !Abstained && MissingFacts.Count == 0 && CitedSource;
}

/// <summary>The totals of an answer evaluation.</summary>
internal sealed record AnswerReport(IReadOnlyList<AnswerCaseResult> Results)
{
    public int Answerable => Results.Count(r => !r.Case.ShouldAbstain);

    public int Unanswerable => Results.Count(r => r.Case.ShouldAbstain);

    /// <summary>Answerable cases answered with every expected fact.</summary>
    public int FactsContained => Results.Count(r => !r.Case.ShouldAbstain && !r.Abstained && r.MissingFacts.Count == 0);

    /// <summary>Answerable cases whose answer cites the expected document.</summary>
    public int SourceCited => Results.Count(r => !r.Case.ShouldAbstain && !r.Abstained && r.CitedSource);

    /// <summary>Unanswerable cases where Briefer abstained.</summary>
    public int AbstainedCorrectly => Results.Count(r => r.Case.ShouldAbstain && r.Abstained);

    /// <summary>Answerable cases where Briefer abstained anyway.</summary>
    public int FalseAbstentions => Results.Count(r => !r.Case.ShouldAbstain && r.Abstained);

    public int Passed => Results.Count(r => r.Passed);
}

/// <summary>Runs answer cases through <c>IBriefingService.AskAsync</c> over documents already ingested into the scope.</summary>
internal static class AnswerEvaluation
{
    public static async Task<AnswerReport> RunAsync(IServiceProvider services, IReadOnlyList<AnswerCase> cases, ScopeId scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(cases);
        var briefing = services.GetRequiredService<IBriefingService>();
        var results = new List<AnswerCaseResult>(cases.Count);
        foreach (var item in cases)
        {
            var answer = await briefing.AskAsync(scope, item.Question, cancellationToken).ConfigureAwait(false);
            results.Add(Judge(item, answer));
        }

        return new AnswerReport(results);
    }

    public static AnswerCaseResult Judge(AnswerCase item, Answer answer)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(answer);
        var text = Squash(answer.Text);
        var missing = (item.Facts ?? []).Where(f => !text.Contains(Squash(f), StringComparison.OrdinalIgnoreCase)).ToList();
        var cited = item.Source is { } source && answer.Citations.Any(c => string.Equals(Path.GetFileName(c.Source), source, StringComparison.OrdinalIgnoreCase));
        return new AnswerCaseResult(item, answer.Abstained, missing, cited, answer.Text);
    }

    // Whitespace differences (line breaks in quotes) do not make a fact missing.
    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
