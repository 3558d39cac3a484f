using Briefer.Bot;
using Briefer.Core;
using Briefer.Llm;
using Briefer.Storage.Qdrant;
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

        builder.Configuration.AddInMemoryCollection(overrides);

        // Verbs print results on stdout; logs go to stderr, and only warnings unless the worker runs.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (!worker)
        {
            // A failed start is reported once, in plain words, by the verb; the host's own log of it is a stack trace.
            // The worker keeps it: there it is the last word on a background service that failed.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            // Registered after the configuration's rules, so it wins over Logging:LogLevel:Default for CLI verbs.
            builder.Logging.AddFilter(level => level >= LogLevel.Warning);
            builder.Services.AddSingleton<IHostLifetime, VerbHostLifetime>();
        }

        builder.Services.AddBrieferCore().AddQdrantStore().AddLlmAnswers().AddLlmFollowUps();
        if (worker)
        {
            builder.Services.AddDiscordBot().AddBrieferTelemetry(builder.Configuration);
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
