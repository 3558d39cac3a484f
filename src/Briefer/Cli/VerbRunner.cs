using System.CommandLine;
using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Microsoft.Extensions.Hosting;
using Briefer.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Cli;

/// <summary>
/// Runs one verb inside a started host and turns failures into one clear line and an exit code:
/// the top of the verb is the only place that catches broadly.
/// </summary>
internal static class VerbRunner
{
    public static async Task<int> RunAsync(ParseResult parseResult, CliSettings settings, Func<IHost, VerbContext, Task<int>> verb, CancellationToken cancellationToken)
    {
        var context = new VerbContext(settings, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        IHost? host = null;
        try
        {
            host = BrieferHost.CreateBuilder(settings).Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return await verb(host, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (SettingsErrors.Describe(ex, host?.Services.GetService<IConfiguration>()) is { } settingsError)
        {
            return context.Fail(ExitCodes.Configuration, "invalid settings: " + settingsError);
        }
        catch (StoreFailureException ex)
        {
            return context.Fail(ExitCodes.Storage, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return context.Fail(ExitCodes.Cancelled, "cancelled.");
        }
        catch (Exception ex) when (ex is ArgumentException or DocumentRejectedException)
        {
            return context.Fail(ExitCodes.Failed, ex.Message);
        }
        catch (InvalidDataException ex) when (ex.Message.StartsWith("The answer model", StringComparison.Ordinal))
        {
            // A shipped answer model that does not fit this build: start-up (configuration) failed, not the input.
            return context.Fail(ExitCodes.Configuration, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return context.Fail(ExitCodes.Configuration, ex.Message);
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                host.Dispose();
            }
        }
    }
}
