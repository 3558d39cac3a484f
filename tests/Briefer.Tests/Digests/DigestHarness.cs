using System.Text.Json.Nodes;
using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Digests;
using Briefer.Discord.Tests.Fakes;
using Briefer.Tests.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Tests.Digests;

/// <summary>
/// Digest workers (the real core on a temporary data directory, <c>AddDigests()</c>, the Discord client) against one
/// <see cref="FakeDiscordServer"/> and one fake clock; several workers may share the data directory.
/// </summary>
public sealed class DigestHarness : IAsyncDisposable
{
    public const ulong Guild = 111111111111111111;
    public const ulong Channel = 333333333333333333;
    public const string MessagesRoute = "/channels/{channel_id}/messages";
    public static readonly ScopeId Scope = ScopeId.ForGuild(Guild);

    private readonly List<IHost> _hosts = [];
    private readonly Dictionary<string, string?> _settings;

    private DigestHarness(FakeDiscordServer server, FakeTimeProvider time, Dictionary<string, string?> settings)
    {
        Server = server;
        Time = time;
        _settings = settings;
    }

    public FakeDiscordServer Server { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Every host's log lines, for failure messages.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "briefer-digests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The digests posted so far (Create Message requests), in order.</summary>
    public IReadOnlyList<RecordedRequest> Posts => [.. Server.Requests.Where(r => r.Method == "POST" && r.Route == MessagesRoute)];

    public static async Task<DigestHarness> StartAsync(DateTimeOffset now, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Digests:PollInterval"] = "00:00:30" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new DigestHarness(await FakeDiscordServer.StartAsync(), new FakeTimeProvider(now), all);
    }

    /// <summary>Starts a worker (the scheduler included) on the shared data directory.</summary>
    public async Task<IHost> StartWorkerAsync()
    {
        var host = Build(worker: true);
        await host.StartAsync();
        _hosts.Add(host);
        return host;
    }

    /// <summary>Stops a worker, as a restart or a crash after its last run would.</summary>
    public async Task StopAsync(IHost host)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(stop.Token);
        host.Dispose();
        _hosts.Remove(host);
    }

    /// <summary>Ingests a sample document at the fake clock's time, as the CLI would while no worker runs.</summary>
    public async Task IngestAsync(string sample)
    {
        var path = Path.Combine(CliRunner.SamplesDirectory, sample);
        await IngestAsync(path, sample, await File.ReadAllBytesAsync(path), Visibility.Everyone);
    }

    /// <summary>Ingests <paramref name="content"/> as <paramref name="source"/>, readable by <paramref name="visibility"/>.</summary>
    public async Task IngestAsync(string source, string fileName, byte[] content, Visibility visibility)
    {
        using var host = Build(worker: false);
        await host.StartAsync();
        await host.Services.GetRequiredService<IBriefingService>().IngestAsync(Scope, new DocumentSource(source, fileName, content) { Visibility = visibility }, default);
        await host.StopAsync();
    }

    /// <summary>Advances the clock to <paramref name="at"/> and lets the schedulers run.</summary>
    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        Time.Advance(at - Time.GetUtcNow());
        await Task.Delay(200);
    }

    /// <summary>Waits (real time) until <paramref name="count"/> digests have been posted.</summary>
    public async Task<RecordedRequest> WaitForPostAsync(int count)
    {
        for (var i = 0; i < 500 && Posts.Count < count; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(Posts.Count >= count, $"Expected {count} posts, saw {Posts.Count} at {Time.GetUtcNow():O}. Validation errors: {string.Join("; ", Server.ValidationErrors)}. Log:\n{string.Join('\n', Logs.Lines.Where(l => l.Contains("Digest", StringComparison.Ordinal)))}");
        return Posts[count - 1];
    }

    /// <summary>Waits (real time) until <paramref name="done"/> holds of the server's schedules.</summary>
    public async Task<DigestSchedule> WaitForScheduleAsync(IHost host, Func<DigestSchedule, bool> done)
    {
        var schedules = host.Services.GetRequiredService<IDigestSchedules>();
        for (var i = 0; i < 500; i++)
        {
            var schedule = (await schedules.ListAsync(Scope, default)).Single();
            if (done(schedule))
            {
                return schedule;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The schedule did not reach the expected state.");
    }

    public static JsonObject Embed(RecordedRequest post) => post.Json!["embeds"]![0]!.AsObject();

    /// <summary>The "[n] title — source" lines of a posted digest.</summary>
    public static string Sources(RecordedRequest post) =>
        string.Join('\n', Embed(post)["fields"]!.AsArray().Select(f => f!["value"]!.GetValue<string>()));

    public static IReadOnlyList<string> Bullets(RecordedRequest post) =>
        [.. Embed(post)["description"]!.GetValue<string>().Split('\n').Select(line => line.TrimStart('•', ' '))];

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.ToList())
        {
            await StopAsync(host);
        }

        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private IHost Build(bool worker)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>(_settings) { ["Store:DataDirectory"] = DataDirectory };
        builder.Configuration.AddInMemoryCollection(DiscordTestHost.Settings(Server, settings));
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Logging.AddProvider(Logs);
        builder.Services.AddBrieferCore();
        if (worker)
        {
            builder.Services.AddDigests();
        }

        return builder.Build();
    }
}
