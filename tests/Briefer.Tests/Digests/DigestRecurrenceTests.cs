using Briefer.Digests;

namespace Briefer.Tests.Digests;

/// <summary>When digests are due, across daylight-saving changes (Europe/Madrid: +01:00 in winter, +02:00 in summer).</summary>
public sealed class DigestRecurrenceTests
{
    [Fact]
    public void NextAfter_DailyAcrossSpringForward_StaysAtEightLocal()
    {
        var daily = Parse("daily", "08:00", "Europe/Madrid");

        // 2026-03-29: clocks go from 02:00 to 03:00.
        var saturday = daily.NextAfter(Utc("2026-03-27T07:00:00Z"));
        var sunday = daily.NextAfter(saturday);
        var monday = daily.NextAfter(sunday);

        Assert.Equal(Utc("2026-03-28T07:00:00Z"), saturday);
        Assert.Equal(Utc("2026-03-29T06:00:00Z"), sunday);
        Assert.Equal(Utc("2026-03-30T06:00:00Z"), monday);
    }

    [Fact]
    public void NextAfter_DailyAcrossFallBack_StaysAtEightLocal()
    {
        var daily = Parse("daily", "08:00", "Europe/Madrid");

        // 2026-10-25: clocks go from 03:00 back to 02:00.
        var saturday = daily.NextAfter(Utc("2026-10-23T06:00:00Z"));
        var sunday = daily.NextAfter(saturday);

        Assert.Equal(Utc("2026-10-24T06:00:00Z"), saturday);
        Assert.Equal(Utc("2026-10-25T07:00:00Z"), sunday);
    }

    [Fact]
    public void NextAfter_TimeSkippedBySpringForward_RunsOnceShiftedByTheGap()
    {
        var daily = Parse("daily", "02:30", "Europe/Madrid");

        var sunday = daily.NextAfter(Utc("2026-03-28T02:00:00Z"));
        var monday = daily.NextAfter(sunday);

        // 02:30 does not exist on 29 March: the digest runs at 03:30 CEST (01:30 UTC), once.
        Assert.Equal(Utc("2026-03-29T01:30:00Z"), sunday);
        Assert.Equal(Utc("2026-03-30T00:30:00Z"), monday);
    }

    [Fact]
    public void NextAfter_TimeRepeatedByFallBack_RunsOnceAtTheFirstOccurrence()
    {
        var daily = Parse("daily", "02:30", "Europe/Madrid");

        var sunday = daily.NextAfter(Utc("2026-10-24T02:00:00Z"));
        var next = daily.NextAfter(sunday);

        // 02:30 happens twice on 25 October (CEST, then CET): only the first, 00:30 UTC.
        Assert.Equal(Utc("2026-10-25T00:30:00Z"), sunday);
        Assert.Equal(Utc("2026-10-26T01:30:00Z"), next);
    }

    [Fact]
    public void NextAfter_Weekdays_SkipsTheWeekend()
    {
        var weekdays = Parse("weekdays", "9:00", "UTC");

        var afterFriday = weekdays.NextAfter(Utc("2026-01-09T09:00:00Z"));

        Assert.Equal(Utc("2026-01-12T09:00:00Z"), afterFriday);
    }

    [Fact]
    public void NextAfter_Weekly_OnItsDay()
    {
        var mondays = Parse("mondays", "17:30", "America/New_York");

        var next = mondays.NextAfter(Utc("2026-01-06T00:00:00Z"));

        Assert.Equal(Utc("2026-01-12T22:30:00Z"), next);
        Assert.Equal("mondays at 17:30 (America/New_York)", mondays.ToString());
    }

    [Fact]
    public void PreviousAtOrBefore_IsTheRunBefore()
    {
        var daily = Parse("daily", "08:00", "Europe/Madrid");

        Assert.Equal(Utc("2026-01-09T07:00:00Z"), daily.PreviousAtOrBefore(Utc("2026-01-10T06:59:59Z")));
        Assert.Equal(Utc("2026-01-10T07:00:00Z"), daily.PreviousAtOrBefore(Utc("2026-01-10T07:00:00Z")));
    }

    [Theory]
    [InlineData("hourly", "08:00", "UTC", "not a cadence")]
    [InlineData("daily", "25:00", "UTC", "not a time of day")]
    [InlineData("daily", "8am", "UTC", "not a time of day")]
    [InlineData("daily", "08:00", "Mars/Olympus", "not a time zone")]
    [InlineData("daily", "08:00", "CET+1", "not a time zone")]
    public void TryParse_BadInput_SaysWhatIsWrong(string every, string at, string zone, string expected)
    {
        Assert.False(DigestRecurrence.TryParse(every, at, zone, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static DigestRecurrence Parse(string every, string at, string zone)
    {
        Assert.True(DigestRecurrence.TryParse(every, at, zone, out var recurrence, out var error), error);
        return recurrence!;
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
