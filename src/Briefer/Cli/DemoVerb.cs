using Microsoft.Extensions.Hosting;

namespace Briefer.Cli;

/// <summary><c>briefer demo</c>: the quick start in one verb — load the bundled samples, then ask a question about them.</summary>
internal static class DemoVerb
{
    public const string DefaultQuestion = "Why did the US call off the second strike?";

    public static async Task<int> RunAsync(IHost host, VerbContext context, string? samples, string question, CancellationToken cancellationToken)
    {
        var folder = samples ?? FindSamples();
        if (folder is null)
        {
            return context.Fail(ExitCodes.Failed, "Could not find the samples folder next to the program or in the current folder. Pass one with --samples <folder>.");
        }

        if (!context.Settings.Json)
        {
            context.Output.WriteLine($"Loading the sample documents from {folder} into scope '{context.Settings.Scope}'…");
        }

        var ingested = await IngestVerb.RunAsync(host, context with { Settings = context.Settings with { Json = false }, Output = context.Settings.Json ? TextWriter.Null : context.Output }, [folder], cancellationToken).ConfigureAwait(false);
        if (!context.Settings.Json)
        {
            context.Output.WriteLine();
            context.Output.WriteLine($"Q: {question}");
            context.Output.WriteLine();
        }

        var asked = await QueryVerbs.AskAsync(host, context, question, cancellationToken).ConfigureAwait(false);
        return ingested != ExitCodes.Ok ? ingested : asked;
    }

    private static string? FindSamples()
    {
        foreach (var candidate in new[] { Path.Combine(AppContext.BaseDirectory, "samples"), Path.Combine(Directory.GetCurrentDirectory(), "samples") })
        {
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
