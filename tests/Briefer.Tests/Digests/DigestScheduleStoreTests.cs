using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Briefer.Digests;
using Briefer.Discord.Models;
using Microsoft.Extensions.Options;

namespace Briefer.Tests.Digests;

/// <summary>The schedule store on a real SQLite file: leases, run records, restarts.</summary>
public sealed class DigestScheduleStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 9, 7, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "briefer-digest-store-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task TryLease_ManyWorkersAtOnce_ExactlyOneWins()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => NewStore()).ToList();
        var schedule = await stores[0].AddAsync(Schedule(), default);

        var wins = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.TryLeaseAsync(schedule.Id, schedule.NextRunAt, "worker-" + i, Now, Now.AddMinutes(10), default))));

        Assert.Single(wins, won => won);
        stores.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task TryLease_RunAlreadyCompletedByAnotherWorker_CannotBeClaimedAgain()
    {
        using var store = NewStore();
        var schedule = await store.AddAsync(Schedule(), default);
        Assert.True(await store.TryLeaseAsync(schedule.Id, schedule.NextRunAt, "a", Now, Now.AddMinutes(10), default));
        Assert.True(await store.CompleteAsync(schedule with { NextRunAt = schedule.NextRunAt.AddDays(1), LastRunAt = Now }, "a", ["k1"], default));

        var again = await store.TryLeaseAsync(schedule.Id, schedule.NextRunAt, "b", Now.AddSeconds(1), Now.AddMinutes(10), default);

        Assert.False(again);
        Assert.Empty(await store.DueAsync(Now.AddHours(1), 10, default));
    }

    [Fact]
    public async Task TryLease_HolderOutlivesItsLease_AnotherWorkerTakesOverAndTheFirstCannotRecord()
    {
        using var store = NewStore();
        var schedule = await store.AddAsync(Schedule(), default);
        Assert.True(await store.TryLeaseAsync(schedule.Id, schedule.NextRunAt, "slow", Now, Now.AddMinutes(10), default));
        Assert.False(await store.TryLeaseAsync(schedule.Id, schedule.NextRunAt, "other", Now.AddMinutes(5), Now.AddMinutes(15), default));

        Assert.True(await store.TryLeaseAsync(schedule.Id, schedule.NextRunAt, "other", Now.AddMinutes(11), Now.AddMinutes(21), default));
        Assert.False(await store.CompleteAsync(schedule with { LastRunAt = Now }, "slow", [], default));
        Assert.True(await store.CompleteAsync(schedule with { LastRunAt = Now, LastOutcome = "posted" }, "other", [], default));
    }

    [Fact]
    public async Task Schedules_SurviveARestart_WithTheirStateAndPostedBullets()
    {
        DigestSchedule schedule;
        using (var store = NewStore())
        {
            schedule = await store.AddAsync(Schedule(), default);
            await store.TryLeaseAsync(schedule.Id, schedule.NextRunAt, "a", Now, Now.AddMinutes(10), default);
            await store.CompleteAsync(schedule with { NextRunAt = schedule.NextRunAt.AddDays(1), WindowStart = Now, PublishedSince = new DateOnly(2026, 1, 10), LastRunAt = Now, LastOutcome = "posted 3 points" }, "a", ["k1", "k2"], default);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var reopened = NewStore();
        var listed = Assert.Single(await reopened.ListAsync(schedule.Scope, default));

        Assert.Equal(schedule.NextRunAt.AddDays(1), listed.NextRunAt);
        Assert.Equal(Now, listed.WindowStart);
        Assert.Equal("posted 3 points", listed.LastOutcome);
        Assert.Equal("daily at 08:00 (Europe/Madrid)", listed.Recurrence.ToString());
        Assert.Equal(["k1", "k2"], (await reopened.PostedBulletsAsync(schedule.Id, default)).Order());
    }

    [Fact]
    public async Task Remove_OtherServersSchedule_IsRefused()
    {
        using var store = NewStore();
        var schedule = await store.AddAsync(Schedule(), default);

        Assert.False(await store.RemoveAsync(new ScopeId("999"), schedule.Id, default));
        Assert.True(await store.RemoveAsync(schedule.Scope, schedule.Id, default));
        Assert.Empty(await store.ListAsync(schedule.Scope, default));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private DigestScheduleStore NewStore() => new(Options.Create(new StoreOptions { DataDirectory = _directory }));

    private static DigestSchedule Schedule()
    {
        Assert.True(DigestRecurrence.TryParse("daily", "08:00", "Europe/Madrid", out var recurrence, out _));
        return new DigestSchedule(default, new ScopeId("111"), new ChannelId(333), "Venezuela", recurrence!, Now, Now.AddDays(-1), new DateOnly(2026, 1, 8), Now.AddDays(-2), new UserId(5));
    }
}
