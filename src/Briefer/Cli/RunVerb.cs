using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefer.Cli;

/// <summary><c>briefer run</c>: the worker — the Discord bot on the same data directory and store the CLI uses.</summary>
internal static class RunVerb
{
    public static async Task<int> RunAsync(CliSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            using var host = BrieferHost.CreateBuilder(settings, worker: true).Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);

            // A fatal gateway error (bad token, disallowed intents) stops the host after setting a non-zero exit code.
            return Environment.ExitCode;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync("error: invalid configuration: " + string.Join(" ", ex.Failures)).ConfigureAwait(false);
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
    }
}
