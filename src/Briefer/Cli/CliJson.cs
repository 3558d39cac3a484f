using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Briefer.Answers;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;

namespace Briefer.Cli;

/// <summary>The <c>--json</c> output of the verbs; the shapes are documented in the README and kept stable.</summary>
internal static class CliJson
{
    // Relaxed escaping: the output is read in terminals and by JSON parsers, never embedded in HTML.
    private static readonly CliJsonContext Context = new(new JsonSerializerOptions(CliJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize<T>(T value)
        where T : notnull => JsonSerializer.Serialize(value, typeof(T), Context);

    public static AnswerJson From(Answer answer) => new(
        answer.Question,
        answer.Text,
        answer.Abstained,
        answer.AbstainReason,
        ModeName(answer.Mode),
        answer.Note,
        answer.Citations.Select(From).ToList(),
        Sources(answer.Citations));

    public static BriefJson From(Brief brief) => new(
        brief.Topic,
        brief.Bullets.Select(b => new BulletJson(b.Text, b.Citations)).ToList(),
        brief.Abstained,
        ModeName(brief.Mode),
        brief.Note,
        brief.Citations.Select(From).ToList(),
        Sources(brief.Citations));

    public static DocumentJson From(DocumentRecord d) => new(
        d.Id.Value, d.Title, d.Source, d.ChunkCount, d.TokenCount, d.IngestedAt.ToUniversalTime(), Date(d.PublishedAt), d.StaleSince?.ToUniversalTime(), d.Visibility.Key);

    public static IngestedJson From(string path, IngestResult r) => new(
        path, r.DocumentId.Value, r.Title, OutcomeName(r.Outcome), r.ChunkCount, r.TokenCount, (long)r.Elapsed.TotalMilliseconds, r.PageCount);

    public static string OutcomeName(IngestOutcome outcome) => outcome switch
    {
        IngestOutcome.Added => "added",
        IngestOutcome.Updated => "updated",
        _ => "up-to-date",
    };

    public static string ModeName(AnswerMode mode) => mode == AnswerMode.Llm ? "llm" : "extractive";

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The citation list by document: one entry per document, with the numbers, quotes and locations that cite it.</summary>
    private static List<SourceJson> Sources(IReadOnlyList<Citation> citations) =>
        CitedSources.Group(citations)
            .Select(s => new SourceJson(
                s.DocumentId.Value,
                s.Title,
                s.Source,
                Date(s.PublishedAt),
                s.Stale,
                s.Citations.Select(c => new QuoteJson(c.N, c.Quote, c.Location, Kind(c), c.Context)).ToList()))
            .ToList();

    private static CitationJson From(Citation c) =>
        new(c.N, c.DocumentId.Value, c.Title, c.Source, c.Quote, Date(c.PublishedAt), c.Location, c.Stale, Kind(c), c.Context, QuoteDisplay.Text(c));

    /// <summary>"paragraph", "list-item", "table-row", "key-value", "code"…: what the quote is.</summary>
    private static string Kind(Citation c) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(c.Kind.ToString());
}

/// <param name="Quote">The exact document text (verifiable).</param>
/// <param name="Kind">What the quote is ("paragraph", "table-row", "code"…).</param>
/// <param name="Context">A table row's header cells or a code block's language; null otherwise.</param>
/// <param name="Display">The quote as shown: a table row with its header; else the quote.</param>
internal sealed record CitationJson(int N, string DocumentId, string Title, string Source, string Quote, string? PublishedAt, string? Location, bool Stale, string Kind, string? Context, string Display);

internal sealed record QuoteJson(int N, string Quote, string? Location, string Kind, string? Context);

internal sealed record SourceJson(string DocumentId, string Title, string Source, string? PublishedAt, bool Stale, IReadOnlyList<QuoteJson> Quotes);

internal sealed record AnswerJson(string Question, string Answer, bool Abstained, string? AbstainReason, string Mode, string? Note, IReadOnlyList<CitationJson> Citations, IReadOnlyList<SourceJson> Sources);

internal sealed record BulletJson(string Text, IReadOnlyList<int> Citations);

internal sealed record BriefJson(string Topic, IReadOnlyList<BulletJson> Bullets, bool Abstained, string Mode, string? Note, IReadOnlyList<CitationJson> Citations, IReadOnlyList<SourceJson> Sources);

/// <param name="VisibleTo">Who may read it through the bot, as <c>--visible-to</c> takes it: <c>everyone</c>, <c>channel:&lt;id&gt;</c>, <c>role:&lt;id&gt;,…</c>.</param>
internal sealed record DocumentJson(string Id, string Title, string Source, int Chunks, int Tokens, DateTimeOffset IngestedAt, string? PublishedAt, DateTimeOffset? StaleSince, string VisibleTo);

internal sealed record SourcesJson(string Scope, IReadOnlyList<DocumentJson> Documents);

internal sealed record IngestedJson(string Path, string DocumentId, string Title, string Outcome, int Chunks, int Tokens, long ElapsedMs, int? Pages);

internal sealed record IngestErrorJson(string Path, string Error);

internal sealed record SkippedJson(string Path, string Reason);

/// <summary><c>autoanswer list --json</c>: the channels set up, and when Discord refused the Message Content intent (null if never).</summary>
internal sealed record AutoAnswerListJson(IReadOnlyList<AutoAnswerChannelJson> Channels, string? MessageContentRefusedAt);

/// <param name="MinConfidenceIsDefault">True when the channel has no threshold of its own (<c>AutoAnswer:MinConfidence</c> applies).</param>
internal sealed record AutoAnswerChannelJson(string Guild, string Channel, string Mode, string? ReviewChannel, string? HandoffRole, double MinConfidence, bool MinConfidenceIsDefault);

internal sealed record RemovedJson(string DocumentId, string Title, string Source);

/// <param name="Error">Why the run stopped early (a storage failure, cancellation); null when it ran to the end.</param>
internal sealed record IngestJson(string Scope, IReadOnlyList<IngestedJson> Documents, IReadOnlyList<IngestErrorJson> Errors, IReadOnlyList<SkippedJson> Skipped, IReadOnlyList<RemovedJson> Removed, string? Error);

internal sealed record SyncItemJson(string Scope, string DocumentId, string Title, string Source, string Outcome, string? Detail);

internal sealed record SyncJson(IReadOnlyList<SyncItemJson> Pages);

internal sealed record ForgetJson(string Scope, string DocumentId, bool Removed);

internal sealed record ForgetAllJson(string Scope, IReadOnlyList<string> DocumentIds, int Removed);

internal sealed record DoctorCheckJson(string Check, string Status, string Detail);

internal sealed record DoctorJson(bool Passed, IReadOnlyList<DoctorCheckJson> Checks);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AnswerJson))]
[JsonSerializable(typeof(BriefJson))]
[JsonSerializable(typeof(SourcesJson))]
[JsonSerializable(typeof(IngestJson))]
[JsonSerializable(typeof(ForgetJson))]
[JsonSerializable(typeof(ForgetAllJson))]
[JsonSerializable(typeof(SyncJson))]
[JsonSerializable(typeof(DoctorJson))]
[JsonSerializable(typeof(DigestJson))]
[JsonSerializable(typeof(AutoAnswerListJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
