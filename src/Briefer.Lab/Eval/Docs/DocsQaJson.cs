using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Cli.Eval.Docs;

/// <summary>One question in <c>eval docs --json</c>: enough to see why it missed.</summary>
/// <param name="Hit">Answerable: the head citation quotes a gold string on an allowed page; unanswerable: abstained with no citation.</param>
internal sealed record DocsQuestionJson(
    string Question, string Kind, bool ShouldAbstain, string? Doc, IReadOnlyList<string> Gold, bool Parsed, bool Abstained, string? AbstainReason,
    string? HeadPage, string? HeadQuote, bool Hit, bool First, bool Anywhere, bool RightPageFirst, int Citations, string? Answer, double Seconds);

internal sealed record DocsKindJson(string Kind, bool Unanswerable, DocsQaFigures Figures);

internal sealed record DocsSetJson(
    string Name, string Dataset, string QuestionsSha256, string Scope, int Pages, double IngestSeconds, double MedianAskSeconds,
    DocsQaFigures Figures, IReadOnlyList<DocsKindJson> ByKind, IReadOnlyList<DocsQuestionJson> Questions);

internal sealed record DocsEvalJson(IReadOnlyList<DocsSetJson> Sets, DocsQaFigures Overall);

internal sealed record DocsCheckJson(string Name, string Dataset, int Answerable, int Unanswerable, int Pages, string QuestionsSha256, string? FreezeRecordedIn, bool Passed, IReadOnlyList<string> Problems);

/// <summary>The <c>--json</c> and <c>--out</c> shapes of <c>eval docs</c>.</summary>
internal static class DocsQaJson
{
    private static readonly DocsEvalJsonContext Indented = new(new JsonSerializerOptions(DocsEvalJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    });

    public static string Serialize<T>(T value)
        where T : notnull => JsonSerializer.Serialize(value, typeof(T), Indented);

    public static DocsSetJson From(DocsQaSetReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var byKind = report.Results
            .GroupBy(r => (r.Question.Kind, r.Question.Abstain))
            .OrderBy(g => g.Key.Abstain).ThenBy(g => g.Key.Kind, StringComparer.Ordinal)
            .Select(g => new DocsKindJson(g.Key.Kind, g.Key.Abstain, DocsQaFigures.Sum(g.Select(r => DocsQaFigures.Of(r.Question, r.Outcome)))))
            .ToList();
        var questions = report.Results.Select(r => new DocsQuestionJson(
            r.Question.Q, r.Question.Kind, r.Question.Abstain, r.Question.Doc, r.Question.GoldStrings, r.Outcome.Parsed, r.Outcome.Abstained, r.Reply?.AbstainReason,
            r.Outcome.HeadPage, r.Outcome.HeadQuote, r.Question.Abstain ? r.Outcome.AbstainedCorrectly : r.Outcome.First, r.Outcome.First, r.Outcome.Anywhere,
            r.Outcome.RightPageFirst, r.Reply?.Citations.Count ?? 0, r.Reply?.Answer, Math.Round(r.Elapsed.TotalSeconds, 3))).ToList();
        return new DocsSetJson(
            report.Dataset.Name, report.Dataset.Folder, report.Dataset.QuestionsSha256(), report.Scope.Value, report.PagesIngested,
            Math.Round(report.IngestTime.TotalSeconds, 1), Math.Round(report.MedianAskTime.TotalSeconds, 3), report.Figures, byKind, questions);
    }

    public static DocsCheckJson From(DocsQaCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DocsCheckJson(
            report.Dataset.Name, report.Dataset.Folder, report.Dataset.Answerable.Count(), report.Dataset.Unanswerable.Count(), report.Dataset.Pages.Count,
            report.QuestionsSha256, report.FreezeRecordedIn, report.Passed, report.Problems);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DocsEvalJson))]
[JsonSerializable(typeof(List<DocsCheckJson>))]
internal sealed partial class DocsEvalJsonContext : JsonSerializerContext;
