using System.CommandLine;
using Briefer.Core.Digests;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Digests;
using NodaTime;

namespace Briefer.Cli;

/// <summary>
/// <c>briefer digest --topic "…" --since 2026-01-08</c>: the digest a schedule would post, for cron users without
/// Discord — a brief over the documents ingested or published since then, newest first, every point cited. Like every
/// verb, it reads as the operator: every document of the scope, whoever the bot would show it to.
/// </summary>
internal sealed class DigestVerb(IDigestComposer composer, TimeProvider time) : IVerb
{
    private const string Topic = "--topic";
    private const string Since = "--since";
    private const string TimeZone = "--timezone";

    public static Command Define() => new("digest", "Brief on what is new on a topic since a date: documents ingested or published since then, newest first (what a scheduled digest posts).")
    {
        new Option<string>(Topic) { Description = "What the digest is about, in quotes.", Required = true },
        new Option<string>(Since) { Description = "New since: a date (2026-01-08, from local midnight) or a span (1d, 7d, 2w).", DefaultValueFactory = _ => "1d" },
        new Option<string?>(TimeZone) { Description = "The IANA time zone dates are read in (default: this machine's, else UTC), e.g. Europe/Madrid." },
    };

    public async Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        var topic = parseResult.GetValue<string>(Topic)!;
        var since = parseResult.GetValue<string>(Since)!;
        var zoneId = parseResult.GetValue<string?>(TimeZone) ?? LocalZone();
        if (!DigestRecurrence.TryParse("daily", "00:00", zoneId, out var zone, out var error))
        {
            return context.Fail(ExitCodes.Usage, error! + " (--timezone)");
        }

        var now = time.GetUtcNow();
        if (!SinceParser.TryParse(since, zone!.LocalDate(now), out var date, out var sinceError))
        {
            return context.Fail(ExitCodes.Usage, sinceError!);
        }

        var window = new DigestWindow(zone.StartOf(date), date, now);
        var digest = await composer
            .ComposeAsync(new DigestRequest(context.Settings.Scope, topic, window, new HashSet<string>()) { Audience = ReaderAudience.Everything }, cancellationToken).ConfigureAwait(false);

        var sinceText = $"{zone.Format(window.IngestedSince)} ({zone.Zone.Id})";
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(new DigestJson(digest.Topic, sinceText, digest.NewDocuments, CliJson.From(digest.Brief))));
            return ExitCodes.Ok;
        }

        var documents = digest.NewDocuments == 1 ? "1 new document" : $"{digest.NewDocuments} new documents";
        if (digest.IsEmpty)
        {
            context.Output.WriteLine($"Nothing new on '{digest.Topic}' since {sinceText} ({documents} in scope '{context.Settings.Scope}').");
            return ExitCodes.Ok;
        }

        ResultPrinter.Print(context.Output, digest.Brief with { Topic = $"{digest.Topic} (new since {sinceText}: {documents})", DocumentsInScope = digest.NewDocuments }, context.Settings.Scope);
        return ExitCodes.Ok;
    }

    /// <summary>The machine's IANA time zone when .NET knows it by that name, else UTC.</summary>
    private static string LocalZone() =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZoneInfo.Local.Id) is { } zone ? zone.Id : "UTC";
}

/// <summary><c>digest --json</c>: the digest's brief, what it covers and how many documents were new.</summary>
internal sealed record DigestJson(string Topic, string Since, int NewDocuments, BriefJson Digest);
