using System.CommandLine;
using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
            host = await BrieferHost.StartAsync(settings, cancellationToken).ConfigureAwait(false);
            return await verb(host, context).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            return context.Fail(ExitCodes.Configuration, "invalid configuration: " + string.Join(" ", ex.Failures));
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

/// <summary>Where a verb writes, and how it reports a failure.</summary>
internal sealed record VerbContext(CliSettings Settings, TextWriter Output, TextWriter Error)
{
    public int Fail(int exitCode, string message)
    {
        if (Settings.Json)
        {
            Output.WriteLine(CliJson.Serialize(new ErrorJson(message)));
        }
        else
        {
            Error.WriteLine("error: " + message);
        }

        return exitCode;
    }
}
