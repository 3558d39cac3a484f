using System.Text.Json.Nodes;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Discord.Tests.Fakes;

namespace Briefer.Tests.Bot;

/// <summary>A hostile or huge document cannot hold a bot worker past Discord's 15-minute interaction token (/ingest, Save to Briefer).</summary>
public sealed class IngestJobTimeoutTests
{
    [Fact]
    public async Task Ingest_JobOverTheTimeLimit_AdminIsToldAndTheWorkerIsFree()
    {
        var service = new HangingIngest();
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Ingestion:JobTimeout"] = "00:02:00" }, briefing: service);
        bot.Server.Files["slow.txt"] = "Slow\nA document that never finishes loading."u8.ToArray();
        var resolved = new JsonObject
        {
            ["attachments"] = new JsonObject
            {
                ["9700"] = new JsonObject { ["id"] = "9700", ["filename"] = "slow.txt", ["size"] = bot.Server.Files["slow.txt"].Length, ["url"] = bot.Server.AttachmentUrl("slow.txt") },
            },
        };

        var id = await bot.SlashAsync(9700, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9700", 11), admin: true, resolved: resolved);
        await service.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        bot.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var edit = await bot.EditAsync(id);

        Assert.Contains("took longer than 2 min", edit.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Ingestion:JobTimeout", edit.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveToBriefer_JobOverTheTimeLimit_AdminIsTold()
    {
        var service = new HangingIngest();
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Ingestion:JobTimeout"] = "00:02:00" }, briefing: service);
        var target = FakeDiscordServer.Message(9701, BotHarness.Channel, 777, "Minutes\nThe board met on Monday.", BotHarness.GuildA);

        await bot.Connection.DispatchAsync("INTERACTION_CREATE", FakeDiscordServer.MessageCommand(9702, BotHarness.GuildA, BotHarness.Channel, 444, "Save to Briefer", target, admin: true));
        await service.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        bot.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var edit = await bot.EditAsync("9702");

        Assert.Contains("took longer than 2 min", edit.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private sealed class HangingIngest : IBriefingService
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IngestResult> IngestAsync(ScopeId scope, DocumentSource source, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public Task<Answer> AskAsync(ScopeId scope, string question, ReaderAudience audience, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Brief> BriefAsync(ScopeId scope, string topic, DateOnly? since, ReaderAudience audience, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DocumentRecord>> ListSourcesAsync(ScopeId scope, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DocumentRecord>>([]);

        public Task<bool> ForgetAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
