using System.Diagnostics;
using Briefer.Cli;
using Briefer.Core.Documents;
using Briefer.Discord.Tests.Fakes;
using Briefer.Sources;
using Briefer.Tests.Bot;
using Briefer.Tests.Cli;

namespace Briefer.Tests.Sources;

/// <summary>Documents as people have them: web pages that change, folders whose files move, files that are not files.</summary>
public sealed class SourcesCliTests : IAsyncLifetime
{
    private const string PageV1 = "<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1><p>The ferry to Brightwater leaves at nine every morning from pier four.</p></article></body></html>";
    private const string PageV2 = "<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1><p>The ferry to Brightwater now leaves at eleven every morning from pier six.</p></article></body></html>";

    private readonly CliRunner _cli = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "briefer-sources-" + Guid.NewGuid().ToString("N"));
    private LoopbackWebServer _web = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        _web = await LoopbackWebServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        _cli.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private void AllowLoopbackServer()
    {
        foreach (var (key, value) in _web.Settings)
        {
            _cli.Settings[key] = value;
        }
    }

    [Fact]
    public async Task Ingest_Url_FetchedAndStoredUnderTheUrl()
    {
        AllowLoopbackServer();
        _web.Pages["/news"] = new(200, PageV1, ETag: "\"v1\"");

        var result = await _cli.RunAsync("ingest", _web.Url("/news?utm=1"), "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var document = Assert.Single(result.Json().GetProperty("documents").EnumerateArray());
        Assert.Equal("added", document.GetProperty("outcome").GetString());
        var sources = (await _cli.RunAsync("sources", "--json")).Json().GetProperty("documents");
        Assert.Equal(_web.Url("/news?utm=1"), sources[0].GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("http://127.0.0.1/admin")]
    [InlineData("http://localhost/admin")]
    [InlineData("http://[64:ff9b::7f00:1]/admin")]
    [InlineData("http://[2002:a9fe:a9fe::1]/latest/meta-data")]
    public async Task Ingest_UrlToAnInternalAddress_OneUniformMessage(string url)
    {
        var result = await _cli.RunAsync("ingest", url, "--json");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Equal(WebPageFetcher.CannotFetch, result.Json().GetProperty("errors")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Ingest_UrlWithAnotherPort_RefusedNamingTheSetting()
    {
        var result = await _cli.RunAsync("ingest", "http://example.com:8080/report.html");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("port 8080", result.Error, StringComparison.Ordinal);
        Assert.Contains("Web:AllowedPorts", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://files.example.com/report.txt", "'ftp:'")]
    [InlineData("file:///etc/passwd", "'file:'")]
    [InlineData("gopher://127.0.0.1:25/", "'gopher:'")]
    public async Task Ingest_RedirectToANonWebScheme_RefusedInPlainWords(string location, string scheme)
    {
        AllowLoopbackServer();
        _web.Pages["/moved"] = new(302, Location: location);

        var result = await _cli.RunAsync("ingest", _web.Url("/moved"));

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains($"redirects to a {scheme} address", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_ChangedUnchangedAndGonePages_UpdatedUnchangedStaleThenRemoved()
    {
        AllowLoopbackServer();
        _cli.Settings["Web:StaleGracePeriod"] = "00:00:00";
        _web.Pages["/news"] = new(200, PageV1, ETag: "\"v1\"");
        await _cli.RunAsync("ingest", _web.Url("/news"));

        var unchanged = (await _cli.RunAsync("sync", "--json")).Json().GetProperty("pages")[0].GetProperty("outcome").GetString();
        _web.Pages["/news"] = new(200, PageV2, ETag: "\"v2\"");
        var updated = (await _cli.RunAsync("sync", "--json")).Json().GetProperty("pages")[0].GetProperty("outcome").GetString();
        var answer = (await _cli.RunAsync("ask", "When does the ferry to Brightwater leave?", "--json")).Json().GetProperty("answer").GetString();
        _web.Pages.TryRemove("/news", out _);
        var stale = (await _cli.RunAsync("sync", "--json")).Json().GetProperty("pages")[0].GetProperty("outcome").GetString();
        var listed = (await _cli.RunAsync("sources", "--json")).Json().GetProperty("documents")[0];
        var removed = (await _cli.RunAsync("sync", "--json")).Json().GetProperty("pages")[0].GetProperty("outcome").GetString();
        var after = (await _cli.RunAsync("sources", "--json")).Json().GetProperty("documents");

        Assert.Equal("unchanged", unchanged);
        Assert.Contains("/news \"v1\"", _web.Requests);
        Assert.Equal("updated", updated);
        Assert.Contains("eleven", answer, StringComparison.Ordinal);
        Assert.Equal("stale", stale);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, listed.GetProperty("staleSince").ValueKind);
        Assert.Equal("removed", removed);
        Assert.Equal(0, after.GetArrayLength());
    }

    [Fact]
    public async Task Sync_SavedDiscordMessage_IsNotFetchedAsAWebPage()
    {
        var scope = ScopeId.ForGuild(BotHarness.GuildA).Value;
        await using (var bot = await BotHarness.StartAsync(realCoreDataDirectory: _cli.DataDirectory))
        {
            var target = FakeDiscordServer.Message(9801, BotHarness.Channel, 777, "Harbour news\nThe ferry to Brightwater leaves at nine every morning from pier four.", BotHarness.GuildA);
            await bot.Connection.DispatchAsync("INTERACTION_CREATE", FakeDiscordServer.MessageCommand(9802, BotHarness.GuildA, BotHarness.Channel, 444, "Save to Briefer", target, admin: true));
            Assert.StartsWith("Loaded **", (await bot.EditAsync("9802")).Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var sync = (await _cli.RunAsync("sync", "--all-scopes", "--json")).Json().GetProperty("pages");
        var saved = (await _cli.RunAsync("sources", "--scope", scope, "--json")).Json().GetProperty("documents")[0];

        Assert.Equal(0, sync.GetArrayLength());
        Assert.StartsWith(SourceSynchronizer.DiscordMessageLinkPrefix, saved.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_NoWebPages_HintNamesTheCommandAsRunAndTheScope()
    {
        var result = await _cli.RunAsync("sync", "--scope", "4242");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains($"Load one with: {SourceCheckout.Command} ingest https://… --scope 4242", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_Prune_RemovesDocumentsWhoseFilesAreGone()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "notes")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "ferry.txt"), "Ferry\nThe ferry leaves at nine every morning from pier four.");
        await File.WriteAllTextAsync(Path.Combine(folder, "bus.txt"), "Bus\nThe harbour bus runs every twenty minutes until midnight.");
        await _cli.RunAsync("ingest", folder);
        File.Delete(Path.Combine(folder, "bus.txt"));

        var result = await _cli.RunAsync("ingest", folder, "--prune", "--json");
        var sources = (await _cli.RunAsync("sources", "--json")).Json().GetProperty("documents");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var removed = Assert.Single(result.Json().GetProperty("removed").EnumerateArray());
        Assert.EndsWith("bus.txt", removed.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("ferry.txt", Assert.Single(sources.EnumerateArray()).GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_PruneAFolderThatIsGone_RemovesItsDocumentsAndSucceeds()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "old-notes")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "ferry.txt"), "Ferry\nThe ferry leaves at nine every morning from pier four.");
        await _cli.RunAsync("ingest", folder);
        Directory.Delete(folder, recursive: true);

        var result = await _cli.RunAsync("ingest", folder, "--prune", "--json");
        var unknown = await _cli.RunAsync("ingest", Path.Combine(_work, "never-there"), "--prune");
        var sources = (await _cli.RunAsync("sources", "--json")).Json().GetProperty("documents");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(0, result.Json().GetProperty("errors").GetArrayLength());
        Assert.EndsWith("ferry.txt", Assert.Single(result.Json().GetProperty("removed").EnumerateArray()).GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, sources.GetArrayLength());
        Assert.Equal(ExitCodes.Failed, unknown.ExitCode);
        Assert.Contains("no such file or folder", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_SameFileThroughASymlinkedFolder_IsOneDocument_AndLinksInFoldersAreSkipped()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "real")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "ferry.txt"), "Ferry\nThe ferry leaves at nine every morning from pier four.");
        var linkedFolder = Path.Combine(_work, "linked");
        Directory.CreateSymbolicLink(linkedFolder, folder);
        File.CreateSymbolicLink(Path.Combine(folder, "alias.txt"), Path.Combine(folder, "ferry.txt"));

        var first = (await _cli.RunAsync("ingest", folder, "--json")).Json();
        var second = (await _cli.RunAsync("ingest", linkedFolder, "--json")).Json();
        var sources = (await _cli.RunAsync("sources", "--json")).Json().GetProperty("documents");

        Assert.Equal("up-to-date", second.GetProperty("documents")[0].GetProperty("outcome").GetString());
        Assert.Single(sources.EnumerateArray());
        var skipped = Assert.Single(first.GetProperty("skipped").EnumerateArray());
        Assert.EndsWith("alias.txt", skipped.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Contains("symbolic link", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_SymlinkToDevZero_RefusedAsNotARegularFileWithoutReading()
    {
        var link = Path.Combine(_work, "endless.txt");
        File.CreateSymbolicLink(link, "/dev/zero");
        var memory = GC.GetTotalMemory(forceFullCollection: false);

        var result = await _cli.RunAsync("ingest", link).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("not a regular file", result.Error, StringComparison.Ordinal);
        Assert.True(GC.GetTotalMemory(forceFullCollection: false) - memory < 512L * 1024 * 1024);
    }

    [Fact]
    public async Task Ingest_FifoInAFolderOrNamed_NeverHangs()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "with-fifo")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "ferry.txt"), "Ferry\nThe ferry leaves at nine every morning from pier four.");
        var fifo = Path.Combine(folder, "pipe.txt");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }

        var inFolder = (await _cli.RunAsync("ingest", folder, "--json").WaitAsync(TimeSpan.FromSeconds(60))).Json();
        var named = await _cli.RunAsync("ingest", fifo).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Single(inFolder.GetProperty("documents").EnumerateArray());
        Assert.Contains("not a regular file", Assert.Single(inFolder.GetProperty("skipped").EnumerateArray()).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("not a regular file", named.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_OneLineDocument_IsQuoted()
    {
        var path = Path.Combine(_work, "message.txt");
        await File.WriteAllTextAsync(path, "The harbour master said berths 3 and 4 reopen to ferries on Monday morning.");
        await _cli.RunAsync("ingest", path);

        var json = (await _cli.RunAsync("ask", "When do berths 3 and 4 reopen?", "--json")).Json();

        Assert.False(json.GetProperty("abstained").GetBoolean());
        Assert.Contains("reopen to ferries on Monday", json.GetProperty("citations")[0].GetProperty("quote").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_PdfDocument_CitationSaysThePage()
    {
        var path = Path.Combine(_work, "dredging.pdf");
        await File.WriteAllBytesAsync(path, Briefer.Tests.Sources.Pdfs.TwoPages());
        var ingest = await _cli.RunAsync("ingest", path);

        var json = (await _cli.RunAsync("ask", "Why did the dredging costs rise?", "--json")).Json();
        var text = await _cli.RunAsync("ask", "Why did the dredging costs rise?");

        Assert.Equal(ExitCodes.Ok, ingest.ExitCode);
        Assert.Contains("2 pages", ingest.Output, StringComparison.Ordinal);
        Assert.Equal("p. 2", json.GetProperty("citations")[0].GetProperty("location").GetString());
        Assert.Contains(", p. 2 — ", text.Output, StringComparison.Ordinal);
    }
}

/// <summary>A small PDF built with PdfPig's document builder.</summary>
internal static class Pdfs
{
    public static byte[] TwoPages()
    {
        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        builder.DocumentInformation.Title = "Dredging report";
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var one = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        one.AddText("The dredging of berths 3 and 4 finished in March.", 11, new UglyToad.PdfPig.Core.PdfPoint(50, 780), font);
        var two = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        two.AddText("Dredging costs rose by twelve percent because storms delayed the work for six weeks.", 11, new UglyToad.PdfPig.Core.PdfPoint(50, 780), font);
        return builder.Build();
    }
}
