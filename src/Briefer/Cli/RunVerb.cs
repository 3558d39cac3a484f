using Microsoft.Extensions.Hosting;
using Briefer.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Cli;

/// <summary><c>briefer run</c>: the worker — the Discord bot on the same data directory and store the CLI uses.</summary>
internal static class RunVerb
{
    public static async Task<int> RunAsync(CliSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        IHost? host = null;
        try
        {
            host = BrieferHost.CreateBuilder(settings, worker: true).Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);

            // A fatal gateway error (bad token, disallowed intents) stops the host after setting a non-zero exit code.
            return Environment.ExitCode;
        }
        catch (Exception ex) when (SettingsErrors.Describe(ex, host?.Services.GetService<IConfiguration>()) is { } settingsError)
        {
            await error.WriteLineAsync("error: invalid settings: " + settingsError).ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        catch (Core.Storage.StoreFailureException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Storage;
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        finally
        {
            host?.Dispose();
        }
    }
}
