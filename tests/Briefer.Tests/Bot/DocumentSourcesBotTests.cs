using System.Text.Json.Nodes;
using Briefer.Core.Documents;
using Briefer.Tests.Sources;

namespace Briefer.Tests.Bot;

/// <summary>Documents as people have them, loaded from Discord: PDFs with their pages, web pages through the guarded fetcher.</summary>
public sealed class DocumentSourcesBotTests
{
    [Fact]
    public async Task Ingest_PdfAttachmentOnTheRealCore_AnswerAndSourcesButtonNameThePage()
    {
        var data = Path.Combine(Path.GetTempPath(), "briefer-bot-pdf-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var bot = await BotHarness.StartAsync(realCoreDataDirectory: data);
            var pdf = Pdfs.TwoPages();
            bot.Server.Files["dredging.pdf"] = pdf;
            var resolved = new JsonObject
            {
                ["attachments"] = new JsonObject
                {
                    ["9600"] = new JsonObject { ["id"] = "9600", ["filename"] = "dredging.pdf", ["size"] = pdf.Length, ["url"] = bot.Server.AttachmentUrl("dredging.pdf"), ["content_type"] = "application/pdf" },
                },
            };

            var ingested = (await bot.EditAsync(await bot.SlashAsync(9601, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9600", 11), admin: true, resolved: resolved))).Json!["content"]!.GetValue<string>();
            var (answer, message, answerId) = await ConversationTests.AskByMentionAsync(bot, 9602, "Why did the dredging costs rise?");
            var sources = (await bot.EditAsync(await bot.ClickAsync(9603, "src:" + answerId, message))).Json!["embeds"]![0]!;

            Assert.StartsWith("Loaded **Dredging report**", ingested, StringComparison.Ordinal);
            Assert.Contains("twelve percent", answer.Json!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("[1] Dredging report, p. 2 — dredging.pdf", answer.Json["embeds"]![0]!["fields"]![0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("[1] Dredging report, p. 2", sources["title"]!.GetValue<string>());
            Assert.Empty(bot.Server.ValidationErrors);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Ingest_UrlWithASignedQuery_FetchedThroughTheGuardedClient_QueryNeverShown()
    {
        await using var web = await LoopbackWebServer.StartAsync();
        web.Pages["/notes.txt"] = new(200, "Team notes\nThe launch moved to March.", "text/plain; charset=utf-8");
        await using var bot = await BotHarness.StartAsync(web.Settings);
        var url = web.Url("/notes.txt?sig=SECRET");

        var ingested = (await bot.EditAsync(await bot.SlashAsync(9611, BotHarness.GuildA, "ingest", BotHarness.Option("url", url), admin: true))).Json!["content"]!.GetValue<string>();
        var listed = (await bot.EditAsync(await bot.SlashAsync(9612, BotHarness.GuildA, "sources"))).Json!["embeds"]![0]!["description"]!.GetValue<string>();

        Assert.StartsWith("Loaded **Team notes**", ingested, StringComparison.Ordinal);
        var stored = Assert.Single(((FakeBriefingService)bot.Briefing).Documents);
        Assert.Equal(ScopeId.ForGuild(BotHarness.GuildA), stored.Key.Scope);
        Assert.Equal(url, stored.Value.Record.Source);
        Assert.Contains(web.Requests, r => r.StartsWith("/notes.txt", StringComparison.Ordinal));
        Assert.Contains(web.Url("/notes.txt"), listed, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", listed, StringComparison.Ordinal);
        Assert.Empty(bot.Server.ValidationErrors);
    }
}
