using Microsoft.Extensions.Configuration;

namespace Briefer.Cli.Doctor;

/// <summary>
/// <c>briefer doctor</c>: checks what a new operator most often gets wrong, one line per check with what to do, and
/// exits <see cref="ExitCodes.Configuration"/> when any check failed. It never starts the bot or changes documents.
/// </summary>
internal static class DoctorVerb
{
    public static async Task<int> RunAsync(
        CliSettings settings,
        bool forBot,
        TextWriter output,
        CancellationToken cancellationToken,
        Action<IConfigurationBuilder>? configure = null)
    {
        var checks = new List<DoctorCheck>();
        if (!settings.Json)
        {
            output.WriteLine($"Checking Briefer ({(SourceCheckout.RepositoryRoot is null ? AppContext.BaseDirectory : "built from " + SourceCheckout.RepositoryRoot)}):");
        }

        try
        {
            await DoctorChecks.RunAsync(settings, forBot, configure, check =>
            {
                checks.Add(check);
                if (!settings.Json)
                {
                    output.WriteLine($"  {Label(check.Status),-5} {check.Name,-15} {check.Detail}");
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }

        var failed = checks.Count(c => c.Status == CheckStatus.Failed);
        if (settings.Json)
        {
            output.WriteLine(CliJson.Serialize(new DoctorJson(
                failed == 0,
                checks.Select(c => new DoctorCheckJson(c.Name, c.Status.ToString().ToLowerInvariant(), c.Detail)).ToList())));
        }
        else
        {
            output.WriteLine(failed == 0
                ? "No problems found."
                : $"{failed} problem{(failed == 1 ? string.Empty : "s")} found: see the FAIL line{(failed == 1 ? string.Empty : "s")} above for what to do.");
        }

        return failed == 0 ? ExitCodes.Ok : ExitCodes.Configuration;
    }

    private static string Label(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "ok",
        CheckStatus.Skipped => "skip",
        CheckStatus.Warning => "warn",
        _ => "FAIL",
    };
}
