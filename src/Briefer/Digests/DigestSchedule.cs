using System.Globalization;
using Briefer.Core.Documents;
using Briefer.Discord.Models;

namespace Briefer.Digests;

/// <summary>A digest schedule's id, as <c>/digest list</c> shows it and <c>/digest remove|run</c> take it.</summary>
public readonly record struct DigestScheduleId(long Value)
{
    public static bool TryParse(string? text, out DigestScheduleId id)
    {
        var ok = long.TryParse(text?.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
        id = ok ? new DigestScheduleId(value) : default;
        return ok;
    }

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A scheduled digest: what to brief on, where to post it and when, and where the next digest starts.
/// </summary>
/// <param name="WindowStart">The next digest covers documents ingested from here on (the previous digest's cut-off).</param>
/// <param name="PublishedSince">... and documents published on or after this date.</param>
/// <param name="LastOutcome">What the last run did, in words for the admin (<c>/digest list</c>).</param>
/// <param name="Failures">Failed attempts at the current run (retried with back-off, then skipped).</param>
/// <param name="DisabledReason">Set when posting cannot work until an admin acts (channel gone, permission missing).</param>
public sealed record DigestSchedule(
    DigestScheduleId Id,
    ScopeId Scope,
    ChannelId Channel,
    string Topic,
    DigestRecurrence Recurrence,
    DateTimeOffset NextRunAt,
    DateTimeOffset WindowStart,
    DateOnly PublishedSince,
    DateTimeOffset CreatedAt,
    UserId? CreatedBy,
    DateTimeOffset? LastRunAt = null,
    string? LastOutcome = null,
    int Failures = 0,
    string? DisabledReason = null)
{
    public bool Enabled => DisabledReason is null;
}

/// <summary>A schedule as an admin asks for it (the options of <c>/digest add</c>, as typed).</summary>
/// <param name="Every"><c>daily</c>, <c>weekdays</c> or a day of the week.</param>
/// <param name="At">The local time of day, <c>HH:mm</c>.</param>
/// <param name="TimeZone">An IANA zone; null for <c>Digests:DefaultTimeZone</c>.</param>
/// <param name="Since"><c>auto</c> or null (the first digest covers one period back), a date (<c>2026-01-08</c>) or a span (<c>7d</c>).</param>
public sealed record NewDigestSchedule(ScopeId Scope, ChannelId Channel, string Topic, string Every, string At, string? TimeZone = null, string? Since = null, UserId? CreatedBy = null);

/// <summary>What running a digest did.</summary>
public enum DigestRunOutcome
{
    /// <summary>A digest was posted.</summary>
    Posted,

    /// <summary>Nothing new was relevant: nothing was posted (or the configured one line).</summary>
    NothingNew,

    /// <summary>Another worker is posting this schedule's digest right now.</summary>
    Busy,

    /// <summary>Posting failed for now; the run is retried.</summary>
    Failed,

    /// <summary>Posting cannot work until an admin acts; the schedule is disabled (see its note).</summary>
    Disabled,
}

/// <summary>The result of one run, for the scheduler's log and <c>/digest run</c>'s reply.</summary>
/// <param name="Message">One line for the admin: what happened and, if something is wrong, what to do.</param>
public sealed record DigestRunResult(DigestRunOutcome Outcome, string Message, int Bullets = 0, MessageId? PostedMessage = null);
