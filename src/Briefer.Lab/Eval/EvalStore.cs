using System.CommandLine;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli.Eval;

/// <summary>Runs an evaluation or training verb on a store of its own: a temporary folder deleted afterwards, or a kept work folder.</summary>
internal static class EvalStore
{
    public static async Task<int> RunAsync(ILabApp app, ParseResult parseResult, CliSettings settings, string? workDir, Func<IHost, VerbContext, Task<int>> verb, CancellationToken cancellationToken)
    {
        var temporary = workDir is null;
        var folder = workDir ?? Path.Combine(Path.GetTempPath(), "briefer-eval-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await app.RunVerbAsync(parseResult, settings with { DataDirectory = folder }, verb, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (temporary && Directory.Exists(folder))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
