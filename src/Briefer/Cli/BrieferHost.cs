using Briefer.AutoAnswers;
using Briefer.Bot;
using Briefer.Core;
using Briefer.Digests;
using Briefer.Health;
using Briefer.Llm;
using Briefer.Sources;
using Briefer.Storage.Qdrant;
using Briefer.Settings;
using Briefer.Telemetry;
using Briefer.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Briefer.Cli;

/// <summary>Builds the Generic Host every verb runs in: configuration, logging, and one <c>AddXyz()</c> per feature.</summary>
internal static class BrieferHost
{
    /// <summary>
    /// Settings laid over all others for the verbs run on this async flow: tests run the real command line in-process
    /// and give each run its own settings (a loopback web server allowed, say) without touching the process environment.
    /// </summary>
    internal static readonly AsyncLocal<IReadOnlyDictionary<string, string?>?> Overrides = new();

    /// <summary>
    /// Configuration, lowest precedence first: <c>appsettings.json</c> next to the binary, environment variables
    /// (<c>Store__DataDirectory</c> style, plus <c>BRIEFER_DATA_DIR</c>), then the command line's <c>--data-dir</c>.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(CliSettings settings, bool worker = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });

        var overrides = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable(StoreOptions.DataDirectoryVariable) is { Length: > 0 } fromEnvironment)
        {
            overrides[$"{StoreOptions.Section}:{nameof(StoreOptions.DataDirectory)}"] = fromEnvironment;
        }

        if (settings.DataDirectory is { Length: > 0 } fromCommandLine)
        {
            overrides[$"{StoreOptions.Section}:{nameof(StoreOptions.DataDirectory)}"] = fromCommandLine;
        }

        foreach (var (key, value) in settings.Settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        if (Overrides.Value is { } testOverrides)
        {
            builder.Configuration.AddInMemoryCollection(testOverrides);
        }

        // Verbs print results on stdout; logs go to stderr, and only warnings unless the worker runs. Every line carries
        // a UTC timestamp, so an operator can tell when a warning happened and how often it repeats.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // A failed start (a missing token, a damaged store) is reported once, in plain words, by the verb; the host's own
        // log of it is a stack trace. Background services log their own failures before they stop the host.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        if (!worker)
        {
            // Registered after the configuration's rules, so it wins over Logging:LogLevel:Default for CLI verbs.
            builder.Logging.AddFilter(level => level >= LogLevel.Warning);
            builder.Services.AddSingleton<IHostLifetime, VerbHostLifetime>();
        }

        builder.Services.AddBrieferSettings();
        builder.Services.AddBrieferCore().AddQdrantStore().AddLlmAnswers().AddLlmFollowUps().AddDocumentSources().AddAutoAnswers();
        if (worker)
        {
            // Hosted services start in the order they are added: the store is checked before the bot connects.
            builder.Services.AddStoreStartupCheck();
            builder.Services.AddDiscordBot().AddSourceSync().AddDigests().AddHealthFile().AddBrieferTelemetry(builder.Configuration);
        }

        return builder;
    }

    /// <summary>Builds and starts the host (which validates every options class), ready for one verb.</summary>
    public static async Task<IHost> StartAsync(CliSettings settings, CancellationToken cancellationToken)
    {
        var host = CreateBuilder(settings).Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }
}
