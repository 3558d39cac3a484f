using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Briefer.Core.Conversations;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Cli;

/// <summary>
/// <c>briefer insights --scope &lt;guild&gt; [--since 30d]</c>: what a server's members asked over a period, how much
/// was answered, the 👍/👎 ratio, and the questions the documents fail to answer or answer badly — the gaps to fill.
/// The same report as the bot's <c>/insights</c>, from the same conversation database.
/// </summary>
internal sealed class InsightsVerb(IConversationStore conversations, TimeProvider time) : IVerb
{
    /// <summary>The default period.</summary>
    public const string DefaultSince = "30d";

    public const int Top = 5;

    private const string Since = "--since";

    public static Command Define() => new("insights", "What members asked in the scope (a Discord server), what went unanswered or was voted down.")
    {
        new Option<string?>(Since) { Description = $"The period: 7d, 2w, 3m, 1y or a date (default {DefaultSince})." },
    };

    public async Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        var now = time.GetUtcNow();
        if (!SinceParser.TryParse(parseResult.GetValue<string?>(Since) ?? DefaultSince, DateOnly.FromDateTime(now.UtcDateTime), out var from, out var error))
        {
            return context.Fail(ExitCodes.Usage, error!);
        }

        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var report = await conversations.GetInsightsAsync(context.Settings.Scope, start, Top, ReaderAudience.Everything, cancellationToken).ConfigureAwait(false);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(InsightsJson.From(report), InsightsJsonContext.Default.InsightsJson));
            return ExitCodes.Ok;
        }

        var o = context.Output;
        o.WriteLine($"Insights for scope '{report.Scope}' since {from:yyyy-MM-dd}:");
        o.WriteLine($"  Questions: {report.Asked} asked, {report.Answered} answered, {report.Abstained} not covered by the documents. Checks: {report.Checks}.");
        o.WriteLine(report.UpShare is { } share
            ? string.Create(CultureInfo.InvariantCulture, $"  Feedback: {report.UpVotes} helpful, {report.DownVotes} not helpful ({share:P0} helpful).")
            : "  Feedback: no votes yet.");
        Print(o, "Top unanswered questions (documents that answer these would help):", report.TopUnanswered);
        Print(o, "Top down-voted answers:", report.TopDownVoted);
        return ExitCodes.Ok;
    }

    private static void Print(TextWriter o, string heading, IReadOnlyList<QuestionCount> questions)
    {
        o.WriteLine();
        o.WriteLine(heading);
        if (questions.Count == 0)
        {
            o.WriteLine("  (none)");
        }

        foreach (var q in questions)
        {
            o.WriteLine($"  {q.Count,3}×  {q.Question}  (last {q.LastAt:yyyy-MM-dd}){(q.Comment is null ? string.Empty : $"  — \"{q.Comment}\"")}");
        }
    }
}

internal sealed record QuestionCountJson(string Question, int Count, DateTimeOffset LastAt, string? Comment);

internal sealed record InsightsJson(
    string Scope, DateTimeOffset Since, int Asked, int Answered, int Abstained, int Checks, int UpVotes, int DownVotes, double? UpShare,
    IReadOnlyList<QuestionCountJson> TopUnanswered, IReadOnlyList<QuestionCountJson> TopDownVoted)
{
    public static InsightsJson From(InsightsReport r) => new(
        r.Scope.Value, r.Since, r.Asked, r.Answered, r.Abstained, r.Checks, r.UpVotes, r.DownVotes, r.UpShare is { } s ? Math.Round(s, 3) : null,
        [.. r.TopUnanswered.Select(Q)], [.. r.TopDownVoted.Select(Q)]);

    private static QuestionCountJson Q(QuestionCount q) => new(q.Question, q.Count, q.LastAt, q.Comment);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(InsightsJson))]
internal sealed partial class InsightsJsonContext : JsonSerializerContext;
