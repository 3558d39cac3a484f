using Briefer.Core.Digests;
using Briefer.Core.Retrieval;
using Briefer.Digests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace Briefer.Cli;

/// <summary>
/// <c>briefer digest --topic "…" --since 2026-01-08</c>: the digest a schedule would post, for cron users without
/// Discord — a brief over the documents ingested or published since then, newest first, every point cited.
/// </summary>
internal static class DigestVerb
{
    public static async Task<int> RunAsync(IHost host, VerbContext context, string topic, string since, string? timeZone, CancellationToken cancellationToken)
    {
        var zoneId = timeZone ?? LocalZone();
        if (!DigestRecurrence.TryParse("daily", "00:00", zoneId, out var zone, out var error))
        {
            return context.Fail(ExitCodes.Failed, error! + " (--timezone)");
        }

        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!SinceParser.TryParse(since, zone!.LocalDate(now), out var date, out var sinceError))
        {
            return context.Fail(ExitCodes.Failed, sinceError!);
        }

        var window = new DigestWindow(zone.StartOf(date), date, now);
        var digest = await host.Services.GetRequiredService<IDigestComposer>()
            .ComposeAsync(new DigestRequest(context.Settings.Scope, topic, window, new HashSet<string>()), cancellationToken).ConfigureAwait(false);

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
