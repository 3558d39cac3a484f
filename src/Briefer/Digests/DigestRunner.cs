using System.Globalization;
using System.Net;
using Briefer.Audiences;
using Briefer.Core.Digests;
using Briefer.Discord;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Digests;

/// <summary>
/// Runs one digest of one schedule: claims the run (a lease in the store), composes the digest of what is new since the
/// schedule's previous digest, posts it through the Discord REST client, and records the outcome, the new window and the
/// posted bullets in one transaction. A channel that is gone or a missing permission disables the schedule with a note;
/// other failures are retried with back-off, then skipped to the next regular run.
/// </summary>
public sealed class DigestRunner(
    DigestScheduleStore store,
    IDigestComposer composer,
    DiscordRestClient discord,
    DigestMetrics metrics,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestRunner> logger,
    AudienceResolver audiences)
{
    private const int UnknownChannel = 10003;

    /// <summary>A digest is read by everyone who can view its channel: only what they may all read goes in.</summary>
    private Core.Documents.ReaderAudience ChannelAudience(DigestSchedule schedule) =>
        audiences.ForChannel(ulong.TryParse(schedule.Scope.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var guild) ? new GuildId(guild) : null, schedule.Channel);
    private const int MissingAccess = 50001;
    private const int MissingPermissions = 50013;

    /// <summary>This worker's name in leases: unique per process and per host within it.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/{Guid.NewGuid():N}";

    /// <summary>
    /// Runs <paramref name="schedule"/>: as its scheduled run (<paramref name="scheduled"/>; only if that run is still due
    /// and unclaimed) or now, on request (the regular run stays where it was, and a disabled schedule that posts again
    /// is enabled).
    /// </summary>
    public async Task<DigestRunResult> RunAsync(DigestSchedule schedule, bool scheduled, CancellationToken cancellationToken)
    {
        var result = await RunOnceAsync(schedule, scheduled, cancellationToken).ConfigureAwait(false);
        metrics.Ran(result.Outcome, scheduled);
        return result;
    }

    private async Task<DigestRunResult> RunOnceAsync(DigestSchedule schedule, bool scheduled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var value = options.Value;
        var now = time.GetUtcNow();
        if (!await store.TryLeaseAsync(schedule.Id, scheduled ? schedule.NextRunAt : null, Owner, now, now + value.LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            return new DigestRunResult(DigestRunOutcome.Busy, "This digest is being posted by another worker right now; try again in a minute.");
        }

        try
        {
            return await RunLeasedAsync(schedule, scheduled, now, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await store.ReleaseAsync(schedule.Id, Owner, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (DiscordFatalException)
        {
            // A rejected token stops the whole bot; leave the run for when it is fixed.
            await store.ReleaseAsync(schedule.Id, Owner, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (DiscordRestException ex) when (Refusal(ex, schedule) is { } reason)
        {
            DigestLog.Disabled(logger, schedule.Id.Value, schedule.Scope.Value, reason);
            await CompleteAsync(schedule with { DisabledReason = reason, LastRunAt = now, LastOutcome = $"{Stamp(schedule, now)}: not posted, the schedule is disabled", Failures = 0 }, []).ConfigureAwait(false);
            return new DigestRunResult(DigestRunOutcome.Disabled, reason);
        }
#pragma warning disable CA1031 // The top of a digest run: whatever failed is logged, recorded for the admin and retried.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return await FailAsync(schedule, scheduled, now, ex).ConfigureAwait(false);
        }
    }

    private async Task<DigestRunResult> RunLeasedAsync(DigestSchedule schedule, bool scheduled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var value = options.Value;
        var window = new DigestWindow(schedule.WindowStart, schedule.PublishedSince, now);
        var posted = await store.PostedBulletsAsync(schedule.Id, cancellationToken).ConfigureAwait(false);
        var digest = await composer.ComposeAsync(new DigestRequest(schedule.Scope, schedule.Topic, window, posted) { Audience = ChannelAudience(schedule) }, cancellationToken).ConfigureAwait(false);

        var message = digest.IsEmpty
            ? value.NothingNewMessage is { Length: > 0 } line ? DigestMessages.NothingNew(line, digest, schedule.Recurrence, value.Notify) : null
            : DigestMessages.Digest(digest, schedule.Recurrence, value.Notify);
        Discord.Models.MessageId? postedId = null;
        if (message is not null)
        {
            // A retry of the same run carries the same nonce, so Discord never shows a run twice.
            var nonce = $"dg{schedule.Id}-{(scheduled ? schedule.NextRunAt : now).ToUnixTimeSeconds() / 60}";
            var created = await discord.CreateMessageAsync(schedule.Channel, message with { Nonce = nonce, EnforceNonce = true }, cancellationToken).ConfigureAwait(false);
            postedId = created?.Id;
        }

        string outcome;
        DigestRunResult result;
        if (digest.IsEmpty)
        {
            DigestLog.NothingNew(logger, schedule.Id.Value, schedule.Scope.Value, digest.NewDocuments, message is not null);
            outcome = $"{Stamp(schedule, now)}: nothing new on the topic ({Documents(digest.NewDocuments)}); {(message is null ? "posted nothing" : "posted the 'nothing new' line")}";
            result = new DigestRunResult(DigestRunOutcome.NothingNew, $"Nothing new on '{digest.Topic}' since {schedule.Recurrence.Format(schedule.WindowStart)} ({Documents(digest.NewDocuments)}).", 0, postedId);
        }
        else
        {
            DigestLog.Posted(logger, schedule.Id.Value, schedule.Channel.Value, schedule.Scope.Value, digest.Brief.Bullets.Count, digest.NewDocuments);
            outcome = $"{Stamp(schedule, now)}: posted {Points(digest.Brief.Bullets.Count)} from {Documents(digest.NewDocuments)}";
            result = new DigestRunResult(DigestRunOutcome.Posted, $"Posted {Points(digest.Brief.Bullets.Count)} on '{digest.Topic}' from {Documents(digest.NewDocuments)}.", digest.Brief.Bullets.Count, postedId);
        }

        // After downtime the run is caught up once: the next one is the next regular time after now, not after the missed one.
        var next = scheduled || !schedule.Enabled || schedule.NextRunAt <= now ? schedule.Recurrence.NextAfter(now) : schedule.NextRunAt;
        await CompleteAsync(
            schedule with
            {
                NextRunAt = next,
                WindowStart = now,
                PublishedSince = schedule.Recurrence.LocalDate(now).AddDays(1),
                LastRunAt = now,
                LastOutcome = outcome,
                Failures = 0,
                DisabledReason = null,
            },
            digest.BulletKeys).ConfigureAwait(false);
        return result;
    }

    private async Task<DigestRunResult> FailAsync(DigestSchedule schedule, bool scheduled, DateTimeOffset now, Exception error)
    {
        var value = options.Value;
        var reason = error is DiscordRestException or HttpRequestException or TaskCanceledException ? error.Message : $"{error.GetType().Name}: {error.Message}";
        if (!scheduled)
        {
            DigestLog.Failed(logger, schedule.Id.Value, schedule.Scope.Value, 1, schedule.NextRunAt, error);
            await CompleteAsync(schedule with { LastOutcome = $"{Stamp(schedule, now)}: a manual run failed ({reason})" }, []).ConfigureAwait(false);
            return new DigestRunResult(DigestRunOutcome.Failed, $"Posting the digest failed: {reason} The scheduled runs are unchanged.");
        }

        var regular = schedule.Recurrence.NextAfter(now);
        var attempts = schedule.Failures + 1;
        var permanent = error is DiscordRestException { Status: < HttpStatusCode.InternalServerError and not HttpStatusCode.TooManyRequests };
        if (permanent || attempts >= value.MaxAttempts)
        {
            // The window stays: the next digest covers this period too.
            DigestLog.Skipped(logger, schedule.Id.Value, schedule.Scope.Value, attempts, regular, error);
            await CompleteAsync(schedule with { NextRunAt = regular, Failures = 0, LastRunAt = now, LastOutcome = $"{Stamp(schedule, now)}: failed ({reason}); the next digest covers this period" }, []).ConfigureAwait(false);
            return new DigestRunResult(DigestRunOutcome.Failed, reason);
        }

        var backOff = value.RetryDelay * Math.Pow(2, attempts - 1);
        var retryAt = now + backOff < regular ? now + backOff : regular;
        DigestLog.Failed(logger, schedule.Id.Value, schedule.Scope.Value, attempts, retryAt, error);
        await CompleteAsync(schedule with { NextRunAt = retryAt, Failures = attempts, LastOutcome = $"{Stamp(schedule, now)}: failed ({reason}); retrying at {schedule.Recurrence.Format(retryAt)}" }, []).ConfigureAwait(false);
        return new DigestRunResult(DigestRunOutcome.Failed, reason);
    }

    private async Task CompleteAsync(DigestSchedule updated, IReadOnlyList<string> bullets)
    {
        // Recording must not be abandoned half-way when the host is stopping: the run has happened.
        if (!await store.CompleteAsync(updated, Owner, bullets, CancellationToken.None).ConfigureAwait(false))
        {
            DigestLog.LeaseLost(logger, updated.Id.Value);
        }
    }

    /// <summary>A refusal that only an admin can fix, as the note <c>/digest list</c> shows; null for anything else.</summary>
    private static string? Refusal(DiscordRestException error, DigestSchedule schedule) => (error.Status, error.Code) switch
    {
        (HttpStatusCode.NotFound, _) or (_, UnknownChannel) =>
            $"The channel <#{schedule.Channel}> no longer exists (or Briefer cannot see it). Remove this digest and add it again with another channel.",
        (HttpStatusCode.Forbidden, _) or (_, MissingAccess or MissingPermissions) =>
            $"Briefer may not post in <#{schedule.Channel}>: give it View Channel and Send Messages (and Embed Links) there, then /digest run it to check and re-enable it.",
        _ => null,
    };

    private static string Stamp(DigestSchedule schedule, DateTimeOffset now) => schedule.Recurrence.Format(now);

    private static string Documents(int n) => n == 1 ? "1 new document" : $"{n} new documents";

    private static string Points(int n) => n == 1 ? "1 point" : $"{n} points";
}
