using Briefer.Cli;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Storage;
using Briefer.Health;
using Briefer.Sources;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Briefer.Tests.Cli;

/// <summary>Storage failures, start-up and health: each one clear line, its own exit code, nothing lost.</summary>
public sealed class FailureTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "briefer-failures-" + Guid.NewGuid().ToString("N"));

    public FailureTests() => Directory.CreateDirectory(_work);

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private async Task CorruptDatabaseAsync()
    {
        var note = Path.Combine(_work, "note.txt");
        await File.WriteAllTextAsync(note, "Ferry\nThe ferry leaves at nine every morning from pier four.");
        await _cli.RunAsync("ingest", note);
        SqliteConnection.ClearAllPools();
        var database = Path.Combine(_cli.DataDirectory, "briefer.db");
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");
        await using var stream = new FileStream(database, FileMode.Open, FileAccess.Write);
        stream.Write(new byte[100].Select((_, i) => (byte)('x' + (i % 3))).ToArray());
    }

    [Fact]
    public async Task Sources_DamagedDatabase_StorageExitCodeAndItSaysDamaged()
    {
        await CorruptDatabaseAsync();

        var result = await _cli.RunAsync("sources");
        var json = await _cli.RunAsync("sources", "--json");

        Assert.Equal(ExitCodes.Storage, result.ExitCode);
        Assert.Contains("is damaged", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("writable", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal(ExitCodes.Storage, json.ExitCode);
        Assert.Contains("is damaged", json.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13, StoreFailureKind.DiskFull, "is full")]
    [InlineData(8, StoreFailureKind.ReadOnly, "read-only")]
    [InlineData(11, StoreFailureKind.Corrupt, "is damaged")]
    [InlineData(26, StoreFailureKind.Corrupt, "is damaged")]
    [InlineData(5, StoreFailureKind.Busy, "locked")]
    public void FromSqlite_ErrorCode_TellsTheFailuresApart(int code, StoreFailureKind kind, string words)
    {
        var failure = StoreFailureException.FromSqlite(new SqliteException("SQLite Error " + code + ": something.", code), "/data/briefer.db");

        Assert.Equal(kind, failure.Kind);
        Assert.Contains(words, failure.Message, StringComparison.Ordinal);
        Assert.Contains("/data/briefer.db", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ingest_StoreFailsHalfWay_ReportsWhatWasCommitted(bool json)
    {
        var files = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            files.Add(Path.Combine(_work, $"note{i}.txt"));
            await File.WriteAllTextAsync(files[^1], $"Note {i}\nThe ferry leaves at nine every morning from pier {i}.");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IConfiguration>(builder.Configuration);
        builder.Services.AddDocumentExtraction().AddDocumentSources();
        builder.Services.AddSingleton<IBriefingService>(new FailingOnSecondIngest());
        using var host = builder.Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new VerbContext(new CliSettings(null, ScopeId.Local, json), output, error);

        var exit = await IngestVerb.RunAsync(host, context, files, CancellationToken.None);

        Assert.Equal(ExitCodes.Storage, exit);
        if (json)
        {
            using var document = System.Text.Json.JsonDocument.Parse(output.ToString());
            Assert.Single(document.RootElement.GetProperty("documents").EnumerateArray());
            Assert.Contains("is full", document.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("1 committed", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("error: The disk holding", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_NoToken_OneLineAndConfigurationExitCode()
    {
        _cli.Settings["Discord:Token"] = string.Empty;
        _cli.Settings["DISCORD_TOKEN"] = string.Empty;

        var result = await _cli.RunAsync("run");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("Discord:Token is not set", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Error, StringComparison.Ordinal);
        Assert.True(result.Error.Length < 600, result.Error);
    }

    [Fact]
    public async Task Run_DamagedStore_StopsAtStartBeforeConnecting()
    {
        await CorruptDatabaseAsync();
        _cli.Settings["Discord:Token"] = "not-a-real-token";
        _cli.Settings["Discord:ApiBaseUrl"] = "http://127.0.0.1:9/api/v10";

        var result = await _cli.RunAsync("run").WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.Storage, result.ExitCode);
        Assert.Contains("is damaged", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Gateway", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DamagedConversationDatabase_StopsAtStartBeforeConnecting()
    {
        Directory.CreateDirectory(_cli.DataDirectory);
        await File.WriteAllBytesAsync(Path.Combine(_cli.DataDirectory, "conversations.db"), Enumerable.Range(0, 4096).Select(i => (byte)('x' + (i % 3))).ToArray());
        _cli.Settings["Discord:Token"] = "not-a-real-token";
        _cli.Settings["Discord:ApiBaseUrl"] = "http://127.0.0.1:9/api/v10";

        var result = await _cli.RunAsync("run").WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.Storage, result.ExitCode);
        Assert.Contains("conversation database", result.Error, StringComparison.Ordinal);
        Assert.Contains("is damaged", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Gateway", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("healthy", 0, ExitCodes.Ok)]
    [InlineData("unhealthy", 0, ExitCodes.Failed)]
    [InlineData("healthy", 600, ExitCodes.Failed)]
    public async Task Health_ReadsTheFileRunKeeps(string status, int ageSeconds, int expected)
    {
        Directory.CreateDirectory(_cli.DataDirectory);
        var report = new HealthReport(status, "Connected", DateTimeOffset.UtcNow, "ok", null, DateTimeOffset.UtcNow.AddSeconds(-ageSeconds), 42,
            status == "healthy" ? [] : ["the store failed: damaged"]);
        await File.WriteAllTextAsync(Path.Combine(_cli.DataDirectory, "health.json"), report.ToJson());

        var result = await _cli.RunAsync("health");

        Assert.Equal(expected, result.ExitCode);
    }

    [Fact]
    public async Task Health_NoFile_SaysRunIsNotRunning()
    {
        var result = await _cli.RunAsync("health");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("not running", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_LogLines_CarryUtcTimestamps()
    {
        using var host = BrieferHost.CreateBuilder(new CliSettings(_cli.DataDirectory, ScopeId.Local, false), worker: true).Build();

        var options = host.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;

        Assert.False(string.IsNullOrEmpty(options.TimestampFormat));
        Assert.True(options.UseUtcTimestamp);
    }

    private sealed class FailingOnSecondIngest : IBriefingService
    {
        private int _calls;

        public Task<IngestResult> IngestAsync(ScopeId scope, DocumentSource source, CancellationToken cancellationToken) =>
            ++_calls == 2
                ? throw StoreFailureException.FromSqlite(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13), "/data/briefer.db")
                : Task.FromResult(new IngestResult(DocumentId.For(scope, source.Source), "Note", source.Source, IngestOutcome.Added, 1, 10, TimeSpan.FromMilliseconds(5)));

        public Task<Answer> AskAsync(ScopeId scope, string question, ReaderAudience audience, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Brief> BriefAsync(ScopeId scope, string topic, DateOnly? since, ReaderAudience audience, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DocumentRecord>> ListSourcesAsync(ScopeId scope, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DocumentRecord>>([]);

        public Task<bool> ForgetAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
