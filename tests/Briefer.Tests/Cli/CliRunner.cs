using System.CommandLine;
using System.Text.Json;
using Briefer.Cli;

namespace Briefer.Tests.Cli;

/// <summary>Runs the real command line in-process against one temporary data directory, capturing stdout and stderr.</summary>
internal sealed class CliRunner : IDisposable
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "briefer-cli-" + Guid.NewGuid().ToString("N"));

    public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>Settings laid over the configuration of every run (e.g. letting the fetcher reach a loopback server).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public async Task<CliResult> RunAsync(params string[] args)
    {
        BrieferHost.Overrides.Value = Settings;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await BrieferCommandLine.InvokeAsync(
            [.. args, "--data-dir", DataDirectory],
            new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }
}
