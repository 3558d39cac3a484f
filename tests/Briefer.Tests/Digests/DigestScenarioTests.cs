using Briefer.Core.Documents;
using Briefer.Digests;
using Briefer.Discord.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Briefer.Tests.Digests;

/// <summary>
/// Scheduled digests end to end: the real core, the scheduler on a fake clock, the Discord REST client posting to the
/// fake Discord (every body validated against Discord's OpenAPI spec), workers restarting and sharing a data directory.
/// Europe/Madrid is UTC+1 in winter and UTC+2 in summer, so 08:00 there is 07:00 or 06:00 UTC.
/// </summary>
public sealed class DigestScenarioTests
{
    private const string Strike = "us-calls-off-second-strike.txt";
    private const string Prisoners = "venezuela-prisoner-release-reactions.md";
    private const string Topic = "Venezuela prisoner release";

    [Fact]
    public async Task Digest_RestartBetweenTwoRunsWithMissedSlots_PostsEachNewDocumentOnceCaughtUpOnceAndNeverRepeats()
    {
        await using var harness = await DigestHarness.StartAsync(At("2026-01-09T06:00:00Z"));
        var first = await harness.StartWorkerAsync();
        var schedule = await AddDailyAsync(first, "08:00");
        await harness.AdvanceToAsync(At("2026-01-09T06:10:00Z"));
        await harness.IngestAsync(Strike);

        await harness.AdvanceToAsync(At("2026-01-09T07:00:00Z"));
        var firstPost = await harness.WaitForPostAsync(1);
        await harness.WaitForScheduleAsync(first, s => s.LastRunAt is not null);
        await harness.StopAsync(first);

        // Down for two days: the 10 and 11 January runs are missed; a document arrives meanwhile.
        await harness.AdvanceToAsync(At("2026-01-10T12:00:00Z"));
        await harness.IngestAsync(Prisoners);
        await harness.AdvanceToAsync(At("2026-01-11T09:00:00Z"));
        var second = await harness.StartWorkerAsync();
        var secondPost = await harness.WaitForPostAsync(2);
        var after = await harness.WaitForScheduleAsync(second, s => s.LastRunAt == At("2026-01-11T09:00:00Z"));
        await harness.AdvanceToAsync(At("2026-01-11T09:05:00Z"));

        Assert.Equal(schedule.Id, after.Id);
        Assert.Equal(2, harness.Posts.Count); // caught up once, not once per missed slot
        Assert.Equal(At("2026-01-12T07:00:00Z"), after.NextRunAt);
        Assert.Contains("second strike", DigestHarness.Sources(firstPost), StringComparison.OrdinalIgnoreCase);
        // By the prisoners page's title: a quote's location names its section, and the strike page has one called
        // "Prisoner Release Prompts Change in Strategy".
        Assert.DoesNotContain("Families and rights groups", DigestHarness.Sources(firstPost), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Families and rights groups", DigestHarness.Sources(secondPost), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("second strike", DigestHarness.Sources(secondPost), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(DigestHarness.Bullets(firstPost).Intersect(DigestHarness.Bullets(secondPost)));
        Assert.Contains("New since 2026-01-08 08:00 (Europe/Madrid)", firstPost.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("New since 2026-01-09 08:00 (Europe/Madrid)", secondPost.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(harness.Server.ValidationErrors);
    }

    [Fact]
    public async Task Digest_Posted_IsCitedSilentPingsNobodyAndGoesToTheChannel()
    {
        await using var harness = await DigestHarness.StartAsync(At("2026-01-09T06:00:00Z"));
        var worker = await harness.StartWorkerAsync();
        await AddDailyAsync(worker, "08:00");
        await harness.IngestAsync(Prisoners);

        await harness.AdvanceToAsync(At("2026-01-09T07:00:00Z"));
        var post = await harness.WaitForPostAsync(1);

        var body = post.Json!;
        Assert.Equal(DigestHarness.Channel.ToString(System.Globalization.CultureInfo.InvariantCulture), post.Args["channel_id"]);
        Assert.Equal(1 << 12, body["flags"]!.GetValue<int>() & (1 << 12)); // SUPPRESS_NOTIFICATIONS
        Assert.Empty(body["allowed_mentions"]!["parse"]!.AsArray());
        Assert.True(body["enforce_nonce"]!.GetValue<bool>());
        Assert.Equal("Digest: Venezuela prisoner release", DigestHarness.Embed(post)["title"]!.GetValue<string>());
        Assert.All(DigestHarness.Bullets(post), bullet => Assert.Matches(@"\[\d+\]$", bullet));
        Assert.Matches(@"^\[1[],]", DigestHarness.Sources(post)); // sources numbered from 1 (several numbers on one line when they share a document)
        Assert.Empty(harness.Server.ValidationErrors);
    }

    [Fact]
    public async Task Digest_AcrossSpringForward_PostsAtEightMadridTimeOnBothDays()
    {
        await using var harness = await DigestHarness.StartAsync(At("2026-03-28T06:00:00Z"));
        var worker = await harness.StartWorkerAsync();
        await AddDailyAsync(worker, "08:00");
        await harness.IngestAsync(Strike);

        // Saturday 28 March, CET: 08:00 is 07:00 UTC.
        await harness.AdvanceToAsync(At("2026-03-28T06:59:00Z"));
        Assert.Empty(harness.Posts);
        await harness.AdvanceToAsync(At("2026-03-28T07:00:00Z"));
        await harness.WaitForPostAsync(1);
        await harness.AdvanceToAsync(At("2026-03-28T12:00:00Z"));
        await harness.IngestAsync(Prisoners);

        // Sunday 29 March, clocks went forward at 02:00: 08:00 CEST is 06:00 UTC.
        await harness.AdvanceToAsync(At("2026-03-29T05:59:00Z"));
        Assert.Single(harness.Posts);
        await harness.AdvanceToAsync(At("2026-03-29T06:00:00Z"));
        var sunday = await harness.WaitForPostAsync(2);
        var schedule = await harness.WaitForScheduleAsync(worker, s => s.LastRunAt == At("2026-03-29T06:00:00Z"));

        Assert.Contains("prisoner", DigestHarness.Sources(sunday), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(At("2026-03-30T06:00:00Z"), schedule.NextRunAt);
    }

    [Fact]
    public async Task Digest_TwoWorkersOnOneDataDirectory_PostEveryRunOnce()
    {
        await using var harness = await DigestHarness.StartAsync(At("2026-01-09T06:00:00Z"));
        var a = await harness.StartWorkerAsync();
        var b = await harness.StartWorkerAsync();
        await AddDailyAsync(a, "08:00");
        await harness.IngestAsync(Strike);

        await harness.AdvanceToAsync(At("2026-01-09T07:00:00Z"));
        await harness.WaitForPostAsync(1);
        await harness.IngestAsync(Prisoners);
        await harness.AdvanceToAsync(At("2026-01-10T07:00:00Z"));
        await harness.WaitForPostAsync(2);
        for (var poll = 1; poll <= 4; poll++)
        {
            // Give both schedulers more polls in which a second post would show up.
            await harness.AdvanceToAsync(At("2026-01-10T07:00:00Z").AddSeconds(30 * poll));
        }

        var posted = Posted(a) + Posted(b);
        Assert.Equal(2, harness.Posts.Count);
        Assert.Equal(2, posted);
        Assert.Empty(harness.Server.ValidationErrors);
    }

    [Fact]
    public async Task Digest_ChannelGone_DisablesTheScheduleWithANoteAndStopsTrying()
    {
        await using var harness = await DigestHarness.StartAsync(At("2026-01-09T06:00:00Z"));
        harness.Server.Intercept = r => r.Route == DigestHarness.MessagesRoute ? Results.Json(new { code = 10003, message = "Unknown Channel" }, statusCode: 404) : null;
        var worker = await harness.StartWorkerAsync();
        await AddDailyAsync(worker, "08:00");
        await harness.IngestAsync(Strike);

        await harness.AdvanceToAsync(At("2026-01-09T07:00:00Z"));
        var disabled = await harness.WaitForScheduleAsync(worker, s => !s.Enabled);
        await harness.AdvanceToAsync(At("2026-01-10T07:00:00Z"));
        await harness.AdvanceToAsync(At("2026-01-11T07:00:00Z"));

        Assert.Contains("no longer exists", disabled.DisabledReason, StringComparison.Ordinal);
        Assert.Single(harness.Posts);
    }

    [Fact]
    public async Task Digest_MissingSendMessages_DisablesThenRunNowReenablesOnceFixed()
    {
        await using var harness = await DigestHarness.StartAsync(At("2026-01-09T06:00:00Z"));
        harness.Server.Intercept = r => r.Route == DigestHarness.MessagesRoute ? Results.Json(new { code = 50013, message = "Missing Permissions" }, statusCode: 403) : null;
        var worker = await harness.StartWorkerAsync();
        var schedule = await AddDailyAsync(worker, "08:00");
        await harness.IngestAsync(Strike);
        await harness.AdvanceToAsync(At("2026-01-09T07:00:00Z"));
        var disabled = await harness.WaitForScheduleAsync(worker, s => !s.Enabled);

        harness.Server.Intercept = null;
        await harness.AdvanceToAsync(At("2026-01-09T09:00:00Z"));
        var result = await worker.Services.GetRequiredService<IDigestSchedules>().RunNowAsync(DigestHarness.Scope, schedule.Id, default);
        var enabled = await harness.WaitForScheduleAsync(worker, s => s.Enabled);

        Assert.Contains("Send Messages", disabled.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(DigestRunOutcome.Posted, result.Outcome);
        Assert.Equal(At("2026-01-10T07:00:00Z"), enabled.NextRunAt);
    }

    [Fact]
    public async Task Digest_NothingNew_PostsNothing()
    {
        // Ingested (and published) before the first digest's window: not new.
        await using var harness = await DigestHarness.StartAsync(At("2026-02-01T12:00:00Z"));
        await harness.IngestAsync(Strike);
        await harness.AdvanceToAsync(At("2026-02-03T06:00:00Z"));
        var worker = await harness.StartWorkerAsync();
        await AddDailyAsync(worker, "08:00");
        await harness.AdvanceToAsync(At("2026-02-03T07:00:00Z"));

        var schedule = await harness.WaitForScheduleAsync(worker, s => s.LastRunAt is not null);

        Assert.Empty(harness.Posts);
        Assert.Contains("nothing new", schedule.LastOutcome, StringComparison.Ordinal);
        Assert.Equal(At("2026-02-04T07:00:00Z"), schedule.NextRunAt);
    }

    [Fact]
    public async Task Digest_NothingNewWithAConfiguredLine_PostsThatOneLineSilently()
    {
        await using var harness = await DigestHarness.StartAsync(At("2026-01-09T06:00:00Z"), new Dictionary<string, string?> { ["Digests:NothingNewMessage"] = "Nothing new on {topic} since {since}." });
        var worker = await harness.StartWorkerAsync();
        await AddDailyAsync(worker, "08:00");

        await harness.AdvanceToAsync(At("2026-01-09T07:00:00Z"));
        var post = await harness.WaitForPostAsync(1);

        Assert.Equal("Nothing new on Venezuela prisoner release since 2026-01-08 08:00 (Europe/Madrid).", post.Json!["content"]!.GetValue<string>());
        Assert.Equal(1 << 12, post.Json!["flags"]!.GetValue<int>());
        Assert.Empty(harness.Server.ValidationErrors);
    }

    [Fact]
    public async Task Add_BadInput_ThrowsArgumentExceptionsThatSayWhatToDo()
    {
        await using var harness = await DigestHarness.StartAsync(At("2026-01-09T06:00:00Z"));
        var schedules = (await harness.StartWorkerAsync()).Services.GetRequiredService<IDigestSchedules>();

        var zone = await Assert.ThrowsAsync<ArgumentException>(() => schedules.AddAsync(New("daily", "08:00", "Madrid"), default));
        var since = await Assert.ThrowsAsync<ArgumentException>(() => schedules.AddAsync(New("daily", "08:00", "UTC", since: "yesterday"), default));
        var run = await Assert.ThrowsAsync<ArgumentException>(() => schedules.RunNowAsync(DigestHarness.Scope, new DigestScheduleId(42), default));

        Assert.Contains("IANA", zone.Message, StringComparison.Ordinal);
        Assert.Contains("auto", since.Message, StringComparison.Ordinal);
        Assert.Contains("/digest list", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_IntoPublicChannel_LeavesOutAPrivateChannelsDocument_ItsOwnChannelGetsIt()
    {
        const ulong modChat = 555000000000000001;
        await using var harness = await DigestHarness.StartAsync(At("2026-01-09T06:00:00Z"));
        var worker = await harness.StartWorkerAsync();
        var schedules = worker.Services.GetRequiredService<IDigestSchedules>();
        await AddDailyAsync(worker, "08:00");
        await schedules.AddAsync(New("daily", "08:00", "Europe/Madrid") with { Channel = new ChannelId(modChat) }, default);
        await harness.IngestAsync(Prisoners);
        await harness.IngestAsync("attachment:mod-notes.md", "mod-notes.md", System.Text.Encoding.UTF8.GetBytes(
            "# Venezuela prisoner release: moderator notes\n\nSECRETDIGEST the moderators track the Venezuela prisoner release and every prisoner freed.\n"),
            Visibility.ForChannel(new AudienceChannelId(modChat)));

        await harness.AdvanceToAsync(At("2026-01-09T07:00:00Z"));
        await harness.WaitForPostAsync(2);

        var inPublic = harness.Posts.Single(p => p.Args["channel_id"] == DigestHarness.Channel.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var inModChat = harness.Posts.Single(p => p.Args["channel_id"] == modChat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("SECRETDIGEST", inPublic.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("moderator notes", inPublic.Body, StringComparison.Ordinal);
        Assert.Contains("moderator notes", inModChat.Body, StringComparison.Ordinal);
    }

    private static Task<DigestSchedule> AddDailyAsync(IHost worker, string at, string? since = null) =>
        worker.Services.GetRequiredService<IDigestSchedules>().AddAsync(New("daily", at, "Europe/Madrid", since), default);

    private static NewDigestSchedule New(string every, string at, string zone, string? since = null) =>
        new(DigestHarness.Scope, new ChannelId(DigestHarness.Channel), Topic, every, at, zone, since, new UserId(7));

    private static int Posted(IHost worker) => worker.Services.GetRequiredService<DigestMetrics>().Count(DigestRunOutcome.Posted);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
