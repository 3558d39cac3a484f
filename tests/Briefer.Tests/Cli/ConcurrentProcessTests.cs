using System.Diagnostics;
using System.Text.Json;

namespace Briefer.Tests.Cli;

/// <summary>Two real processes on one data directory: SQLite WAL and the busy timeout keep both writes whole.</summary>
public sealed class ConcurrentProcessTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "briefer-procs-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Ingest_TwoProcessesOnOneDataDirectory_BothSucceedAndNothingIsLost()
    {
        var dataDirectory = Path.Combine(_root, "data");
        var folders = new[] { Path.Combine(_root, "a"), Path.Combine(_root, "b") };
        for (var f = 0; f < folders.Length; f++)
        {
            Directory.CreateDirectory(folders[f]);
            for (var i = 0; i < 6; i++)
            {
                await File.WriteAllTextAsync(
                    Path.Combine(folders[f], $"note-{f}-{i}.txt"),
                    $"Field note {f}-{i}\nObservers counted {i + 3} herons and {f + 2} egrets at the marsh on day {i}. The water level was {i + f} centimetres above normal.");
            }
        }

        var runs = folders.Select(folder => RunProcessAsync(dataDirectory, "ingest", folder)).ToList();
        var results = await Task.WhenAll(runs);
        var sources = await RunProcessAsync(dataDirectory, "sources", "--json");

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error));
        using var json = JsonDocument.Parse(sources.Output);
        Assert.Equal(12, json.RootElement.GetProperty("documents").GetArrayLength());
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(string dataDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The app's assemblies sit in this test's output, resolved through the test's own runtime config and deps file
        // (which also bring the ASP.NET shared framework some of them come from here).
        foreach (var arg in new[] { "exec", "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "Briefer.Tests.runtimeconfig.json"), "--depsfile", Path.Combine(AppContext.BaseDirectory, "Briefer.Tests.deps.json"), Path.Combine(AppContext.BaseDirectory, "briefer.dll") })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(dataDirectory);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
