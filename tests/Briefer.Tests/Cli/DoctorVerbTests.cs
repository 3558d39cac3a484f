using System.Text.Json;
using Briefer.Cli;
using Briefer.Cli.Doctor;
using Briefer.Core.Documents;
using Briefer.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Briefer.Tests.Cli;

public sealed class DoctorVerbTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Doctor_FreshDataDirectory_EveryCheckOkOrSkippedAndExitZero()
    {
        var result = await _cli.RunAsync("doctor", "--json");

        var checks = Checks(result.Json());
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.True(result.Json().GetProperty("passed").GetBoolean());
        Assert.Equal("ok", checks["configuration"].Status);
        Assert.Equal("ok", checks["data directory"].Status);
        Assert.Equal("ok", checks["store"].Status);
        Assert.Equal("ok", checks["model"].Status);
        Assert.Equal("ok", checks["answer model"].Status);
        Assert.Equal("ok", checks["prompts"].Status);
        Assert.Equal("skipped", checks["qdrant"].Status);
        Assert.Equal("skipped", checks["discord token"].Status);
        Assert.Equal("skipped", checks["llm endpoint"].Status);
    }

    [Fact]
    public async Task Doctor_Text_OneLinePerCheckAndAVerdict()
    {
        var result = await _cli.RunAsync("doctor");

        var lines = result.Output.ReplaceLineEndings("\n").Trim().Split('\n');
        Assert.Equal(11, lines.Length); // heading, nine checks, verdict
        Assert.StartsWith("  ok    configuration ", lines[1], StringComparison.Ordinal);
        Assert.Equal("No problems found.", lines[^1]);
    }

    [Fact]
    public async Task Doctor_DataDirectoryInsideAFile_FailsSayingWhatToDoAndExitsThree()
    {
        Directory.CreateDirectory(_cli.DataDirectory);
        var file = Path.Combine(_cli.DataDirectory, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        using var output = new StringWriter();

        var exitCode = await DoctorVerb.RunAsync(new CliSettings(Path.Combine(file, "data"), ScopeId.Local, Json: true), forBot: false, output, CancellationToken.None);

        var checks = Checks(JsonDocument.Parse(output.ToString()).RootElement);
        Assert.Equal(ExitCodes.Configuration, exitCode);
        Assert.Equal("failed", checks["data directory"].Status);
        Assert.Contains("--data-dir or BRIEFER_DATA_DIR", checks["data directory"].Detail, StringComparison.Ordinal);
        Assert.Equal("skipped", checks["store"].Status);
    }

    [Fact]
    public async Task Doctor_InvalidSetting_FailsNamingItAndSkipsTheRest()
    {
        var checks = await RunAsync(new() { ["Chunking:MaxTokens"] = "5000" });

        Assert.Equal("failed", checks["configuration"].Status);
        Assert.Contains("Chunking:MaxTokens", checks["configuration"].Detail, StringComparison.Ordinal);
        Assert.Equal(2, checks.Count);
    }

    [Fact]
    public async Task Doctor_TokenAcceptedByDiscord_Ok()
    {
        await using var discord = await FakeDiscordServer.StartAsync();

        var checks = await RunAsync(new() { ["Discord:Token"] = FakeDiscordServer.Token, ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl.ToString() }, forBot: true);

        Assert.Equal("ok", checks["discord token"].Status);
        var request = Assert.Single(discord.Requests, r => r.Route == "/gateway/bot");
        Assert.Equal("Bot " + FakeDiscordServer.Token, request.Authorization);
    }

    [Fact]
    public async Task Doctor_TokenRefusedByDiscord_FailsWithoutShowingIt()
    {
        await using var discord = await FakeDiscordServer.StartAsync();

        var checks = await RunAsync(new() { ["Discord:Token"] = "wrong.token.value", ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl.ToString() });

        Assert.Equal("failed", checks["discord token"].Status);
        Assert.Contains("401", checks["discord token"].Detail, StringComparison.Ordinal);
        Assert.Contains("Reset Token", checks["discord token"].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(checks.Values, c => c.Detail.Contains("wrong.token.value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Doctor_BotWithoutToken_FailsTheTokenCheck()
    {
        var checks = await RunAsync([], forBot: true);

        Assert.Equal("failed", checks["discord token"].Status);
        Assert.Contains("DISCORD_TOKEN", checks["discord token"].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("right-key", "small-model", "ok")]
    [InlineData("wrong-key", "small-model", "failed")]
    [InlineData("right-key", "other-model", "warning")]
    public async Task Doctor_LlmEndpoint_ReachableKeyAndModelChecked(string key, string model, string expected)
    {
        await using var server = await ModelListServer.StartAsync("right-key", "small-model");

        var checks = await RunAsync(new()
        {
            ["Llm:Provider"] = "OpenAICompatible",
            ["Llm:Endpoint"] = server.Endpoint.ToString(),
            ["Llm:ModelId"] = model,
            ["Llm:ApiKey"] = key,
        });

        Assert.Equal(expected, checks["llm endpoint"].Status);
        Assert.Equal("Bearer " + key, server.Authorization);
        Assert.DoesNotContain(checks.Values, c => c.Detail.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Doctor_LlmEndpointDown_Fails()
    {
        var checks = await RunAsync(new() { ["Llm:Provider"] = "OpenAICompatible", ["Llm:Endpoint"] = "http://127.0.0.1:1/v1", ["Llm:ModelId"] = "m" });

        Assert.Equal("failed", checks["llm endpoint"].Status);
        Assert.Contains("cannot reach http://127.0.0.1:1/v1", checks["llm endpoint"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_QdrantNotReachable_FailsTheQdrantCheck()
    {
        var checks = await RunAsync(new() { ["Store:Provider"] = "Qdrant", ["Store:Qdrant:Url"] = "http://127.0.0.1:1", ["Store:Qdrant:MaxRetries"] = "0" });

        Assert.Equal("skipped", checks["data directory"].Status);
        Assert.Equal("failed", checks["qdrant"].Status);
        Assert.Contains("127.0.0.1:1", checks["qdrant"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_DatabaseOverwrittenInTheMiddle_FailsTheStoreCheckInOneLineWithTheRepairCommand()
    {
        await IngestNotesAsync(24);
        var database = Path.Combine(_cli.DataDirectory, "briefer.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var length = new FileInfo(database).Length;
        Assert.True(length > 120 * 1024, $"the database is only {length} bytes");
        await using (var stream = new FileStream(database, FileMode.Open, FileAccess.Write))
        {
            stream.Position = (length / 2) - (20 * 1024);
            stream.Write(Enumerable.Range(0, 40 * 1024).Select(i => (byte)('x' + (i % 3))).ToArray());
        }

        var text = await _cli.RunAsync("doctor");
        var json = await _cli.RunAsync("doctor", "--json");

        Assert.Equal(ExitCodes.Configuration, text.ExitCode);
        Assert.DoesNotContain("No problems found", text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Briefer", text.Output + text.Error, StringComparison.Ordinal);
        var store = Checks(json.Json())["store"];
        Assert.Equal("failed", store.Status);
        Assert.Contains("is damaged", store.Detail, StringComparison.Ordinal);
        Assert.Contains(".recover", store.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', store.Detail);
    }

    [Fact]
    public async Task CheckDataDirectory_DiskFullWhileWritingTheProbe_SaysTheDiskIsFullAndLeavesNoFile()
    {
        const int ENOSPC = 28;
        var store = new Briefer.Core.Storage.StoreOptions { DataDirectory = _cli.DataDirectory };

        var check = await DoctorChecks.CheckDataDirectoryAsync(store, CancellationToken.None, async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[512], ct);
            await stream.FlushAsync(ct);
            throw new IOException($"No space left on device : '{_cli.DataDirectory}'", ENOSPC);
        });

        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("is full", check.Detail, StringComparison.Ordinal);
        Assert.Contains("Free some space", check.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("write access", check.Detail, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_cli.DataDirectory, ".briefer-doctor-*"));
    }

    [Fact]
    public void DataDirectoryAdvice_PermissionDenied_SaysSoWithoutTheRuntimesTextOrTheProbeFile()
    {
        var denied = new UnauthorizedAccessException("Access to the path '/srv/briefer/.briefer-doctor-0123.tmp' is denied.");

        var advice = DoctorChecks.DataDirectoryAdvice("/srv/briefer", denied);

        Assert.Equal("cannot write in /srv/briefer: permission denied. Give this user write access, or choose another folder with --data-dir or BRIEFER_DATA_DIR.", advice);
    }

    [Fact]
    public async Task CheckDataDirectory_Writable_LeavesNoFile()
    {
        var check = await DoctorChecks.CheckDataDirectoryAsync(new Briefer.Core.Storage.StoreOptions { DataDirectory = _cli.DataDirectory }, CancellationToken.None);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Empty(Directory.GetFiles(_cli.DataDirectory, ".briefer-doctor-*"));
    }

    private async Task IngestNotesAsync(int count)
    {
        var folder = Path.Combine(_cli.DataDirectory, "..", Path.GetFileName(_cli.DataDirectory) + "-notes");
        Directory.CreateDirectory(folder);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var sentences = Enumerable.Range(0, 40).Select(j => $"Ferry {i} leaves pier {j} at {(i + j) % 24} o'clock, carrying {i * j} passengers to island {j}.");
                await File.WriteAllTextAsync(Path.Combine(folder, $"note{i}.txt"), $"Note {i}\n" + string.Join(' ', sentences));
            }

            Assert.Equal(ExitCodes.Ok, (await _cli.RunAsync("ingest", folder)).ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<Dictionary<string, (string Status, string Detail)>> RunAsync(Dictionary<string, string?> settings, bool forBot = false)
    {
        using var output = new StringWriter();
        await DoctorVerb.RunAsync(
            new CliSettings(_cli.DataDirectory, ScopeId.Local, Json: true),
            forBot,
            output,
            CancellationToken.None,
            configuration => configuration.AddInMemoryCollection(settings));
        using var json = JsonDocument.Parse(output.ToString());
        return Checks(json.RootElement);
    }

    private static Dictionary<string, (string Status, string Detail)> Checks(JsonElement json) =>
        json.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("check").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.GetProperty("detail").GetString()!));

    /// <summary>A loopback OpenAI-style endpoint that lists one model to callers with the right key.</summary>
    private sealed class ModelListServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ModelListServer(WebApplication app, Uri endpoint)
        {
            _app = app;
            Endpoint = endpoint;
        }

        public Uri Endpoint { get; }

        public string? Authorization { get; private set; }

        public static async Task<ModelListServer> StartAsync(string key, string model)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            ModelListServer? server = null;
            app.MapGet("/v1/models", (HttpContext context) =>
            {
                server!.Authorization = context.Request.Headers.Authorization.ToString();
                return server.Authorization == "Bearer " + key
                    ? Results.Json(new { @object = "list", data = new[] { new { id = model, @object = "model" } } })
                    : Results.Json(new { error = new { message = "Incorrect API key provided" } }, statusCode: 401);
            });
            await app.StartAsync();
            server = new ModelListServer(app, new Uri(app.Urls.First() + "/v1"));
            return server;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
