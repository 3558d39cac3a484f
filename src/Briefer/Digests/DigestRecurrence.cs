using System.Globalization;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace Briefer.Digests;

/// <summary>How often a digest is posted.</summary>
public enum DigestCadence
{
    /// <summary>Every day.</summary>
    Daily,

    /// <summary>Monday to Friday.</summary>
    Weekdays,

    /// <summary>Once a week, on <see cref="DigestRecurrence.Day"/>.</summary>
    Weekly,
}

/// <summary>
/// When a schedule's digests are due: a cadence, a local time of day and an IANA time zone (from the TZDB that ships
/// inside NodaTime, so it does not depend on the host's tzdata). Local times follow the zone's daylight-saving changes:
/// a time that does not exist on the day clocks go forward (02:30 in Europe/Madrid on the last Sunday of March) runs
/// as late as the gap (03:30); a time that happens twice when clocks go back runs once, at its first occurrence.
/// </summary>
public sealed record DigestRecurrence(DigestCadence Cadence, LocalTime At, DateTimeZone Zone, IsoDayOfWeek Day = IsoDayOfWeek.None)
{
    /// <summary>The values <c>every</c> takes, for help texts and choices.</summary>
    public static readonly IReadOnlyList<string> EveryValues = ["daily", "weekdays", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>The schedule's cadence as stored and shown: <c>daily</c>, <c>weekdays</c> or a day name.</summary>
    public string Every => Cadence switch
    {
        DigestCadence.Daily => "daily",
        DigestCadence.Weekdays => "weekdays",
        _ => Day.ToString().ToLowerInvariant(),
    };

    /// <summary>The time of day as stored and shown: <c>08:00</c>.</summary>
    public string AtText => TimePattern.Format(At);

    /// <summary>Reads what an admin typed; <paramref name="error"/> says what is wrong and what would be right.</summary>
    public static bool TryParse(string? every, string? at, string? timeZone, out DigestRecurrence? recurrence, out string? error)
    {
        recurrence = null;
        var cadenceText = (every ?? string.Empty).Trim().ToLowerInvariant();
        DigestCadence cadence;
        var day = IsoDayOfWeek.None;
        switch (cadenceText)
        {
            case "daily" or "day" or "every day":
                cadence = DigestCadence.Daily;
                break;
            case "weekdays" or "weekday":
                cadence = DigestCadence.Weekdays;
                break;
            default:
                var name = cadenceText.StartsWith("weekly ", StringComparison.Ordinal) ? cadenceText["weekly ".Length..].Trim() : cadenceText;
                if (!Enum.TryParse(name.TrimEnd('s'), ignoreCase: true, out day) || day == IsoDayOfWeek.None || int.TryParse(name, out _))
                {
                    error = $"'{every}' is not a cadence: use daily, weekdays, or a day of the week (monday … sunday).";
                    return false;
                }

                cadence = DigestCadence.Weekly;
                break;
        }

        var atText = (at ?? string.Empty).Trim();
        if (atText.Length is 1 or 2 && int.TryParse(atText, NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && hour < 24)
        {
            atText = hour.ToString("00", CultureInfo.InvariantCulture) + ":00";
        }
        else if (atText.Length == 4 && atText[1] == ':')
        {
            atText = "0" + atText;
        }

        var time = TimePattern.Parse(atText);
        if (!time.Success)
        {
            error = $"'{at}' is not a time of day: use 24-hour HH:mm, e.g. 08:00 or 17:30.";
            return false;
        }

        var zoneId = (timeZone ?? string.Empty).Trim();
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is not { } zone)
        {
            error = $"'{timeZone}' is not a time zone: use an IANA name such as Europe/Madrid, America/New_York or UTC.";
            return false;
        }

        recurrence = new DigestRecurrence(cadence, time.Value, zone, day);
        error = null;
        return true;
    }

    /// <summary>The first time the digest is due strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after)
    {
        var instant = Instant.FromDateTimeOffset(after);
        var date = instant.InZone(Zone).Date;
        for (var day = 0; day <= 8; day++)
        {
            var candidate = date.PlusDays(day);
            if (!Runs(candidate))
            {
                continue;
            }

            var due = Zone.ResolveLocal(candidate.At(At), Resolvers.LenientResolver).ToInstant();
            if (due > instant)
            {
                return due.ToDateTimeOffset();
            }
        }

        throw new InvalidOperationException("A digest recurrence found no occurrence within eight days.");
    }

    /// <summary>The last time the digest was due at or before <paramref name="at"/>: where a first digest's window starts.</summary>
    public DateTimeOffset PreviousAtOrBefore(DateTimeOffset at)
    {
        var instant = Instant.FromDateTimeOffset(at);
        var date = instant.InZone(Zone).Date;
        for (var day = 0; day <= 8; day++)
        {
            var candidate = date.PlusDays(-day);
            if (!Runs(candidate))
            {
                continue;
            }

            var due = Zone.ResolveLocal(candidate.At(At), Resolvers.LenientResolver).ToInstant();
            if (due <= instant)
            {
                return due.ToDateTimeOffset();
            }
        }

        throw new InvalidOperationException("A digest recurrence found no occurrence within eight days.");
    }

    /// <summary>The local date of <paramref name="instant"/> in the schedule's zone.</summary>
    public DateOnly LocalDate(DateTimeOffset instant)
    {
        var date = Instant.FromDateTimeOffset(instant).InZone(Zone).Date;
        return new DateOnly(date.Year, date.Month, date.Day);
    }

    /// <summary>The instant local midnight starts <paramref name="date"/> in the schedule's zone.</summary>
    public DateTimeOffset StartOf(DateOnly date) =>
        Zone.AtStartOfDay(new LocalDate(date.Year, date.Month, date.Day)).ToInstant().ToDateTimeOffset();

    /// <summary>An instant as the schedule's zone shows it: <c>2026-01-09 08:00</c>.</summary>
    public string Format(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary><c>daily at 08:00 (Europe/Madrid)</c>, <c>mondays at 09:30 (UTC)</c>.</summary>
    public override string ToString() => Cadence switch
    {
        DigestCadence.Daily => $"daily at {AtText} ({Zone.Id})",
        DigestCadence.Weekdays => $"weekdays at {AtText} ({Zone.Id})",
        _ => $"{Every}s at {AtText} ({Zone.Id})",
    };

    private bool Runs(LocalDate date) => Cadence switch
    {
        DigestCadence.Daily => true,
        DigestCadence.Weekdays => date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday),
        _ => date.DayOfWeek == Day,
    };
}
