using System.Diagnostics;
using System.Security.Cryptography;
using Briefer.Cli;

namespace Briefer.Tests.Cli;

/// <summary>
/// A data directory that cannot be written: reading verbs work, writing verbs say so in one line and exit 4, and
/// nothing in the directory changes. Root writes through a folder's mode bits, so the tests use what holds for root too:
/// <c>Store:ReadOnly</c> (the same read-only opening), and a real read-only bind mount in a private mount namespace
/// (<c>unshare -m</c>) where the machine allows one.
/// </summary>
public sealed class ReadOnlyDataDirectoryTests : IDisposable
{
    private const string Question = "Why did the US call off the second strike?";
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task ReadingVerbs_StoreReadOnly_WorkAndNothingInTheDirectoryChanges()
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = Snapshot();
        _cli.Settings["Store:ReadOnly"] = "true";

        var sources = await _cli.RunAsync("sources", "--json");
        var ask = await _cli.RunAsync("ask", Question, "--json");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal(ExitCodes.Ok, sources.ExitCode);
        Assert.Equal(Directory.GetFiles(CliRunner.SamplesDirectory).Length, sources.Json().GetProperty("documents").GetArrayLength());
        Assert.Equal(ExitCodes.Ok, ask.ExitCode);
        Assert.False(ask.Json().GetProperty("abstained").GetBoolean());
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("forget")]
    public async Task WritingVerbs_StoreReadOnly_OneLineSayingReadOnlyAndStorageExitCode(string verb)
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = Snapshot();
        _cli.Settings["Store:ReadOnly"] = "true";

        var result = verb == "ingest"
            ? await _cli.RunAsync("ingest", Path.Combine(CliRunner.SamplesDirectory, "heatwave-power-grid.txt"), "--scope", "other")
            : await _cli.RunAsync("forget", "--all", "--scope", "local");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal(ExitCodes.Storage, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains($"The data directory '{_cli.DataDirectory}' is opened read-only", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output.Trim());
        Assert.Equal(before, Snapshot());
    }

    [ReadOnlyMountFact]
    public async Task Verbs_ReadOnlyBindMount_ReadingWorksWritingSaysReadOnlyInOneLine()
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = Snapshot();
        var briefer = AppBuild();
        var dir = _cli.DataDirectory;
        var script = $"mount --bind '{dir}' '{dir}' && mount -o remount,bind,ro '{dir}' && " +
                     $"dotnet '{briefer}' sources --data-dir '{dir}' --json > '{dir}.sources' 2>&1; echo \"sources=$?\"; " +
                     $"dotnet '{briefer}' ask '{Question}' --data-dir '{dir}' --json > '{dir}.ask' 2>&1; echo \"ask=$?\"; " +
                     $"dotnet '{briefer}' ingest '{CliRunner.SamplesDirectory}' --scope other --data-dir '{dir}'; echo \"ingest=$?\"";

        var (exit, output) = await RunAsync("unshare", "-m", "sh", "-c", script);

        try
        {
            Assert.True(exit == 0, output);
            Assert.True(output.Contains("sources=0", StringComparison.Ordinal), output);
            Assert.Contains("ask=0", output, StringComparison.Ordinal);
            Assert.Contains($"ingest={ExitCodes.Storage}", output, StringComparison.Ordinal);
            Assert.Contains($"error: The data directory '{dir}' is read-only: ask, brief and sources work", output, StringComparison.Ordinal);
            Assert.DoesNotContain("SQLite error", output, StringComparison.Ordinal);
            Assert.Contains("\"documents\"", await File.ReadAllTextAsync(dir + ".sources"), StringComparison.Ordinal);
            Assert.Contains("\"abstained\": false", await File.ReadAllTextAsync(dir + ".ask"), StringComparison.Ordinal);
            Assert.Equal(before, Snapshot());
        }
        finally
        {
            File.Delete(dir + ".sources");
            File.Delete(dir + ".ask");
        }
    }

    /// <summary>
    /// The database's bytes and the WAL's length (a read-only connection on a writable folder may leave SQLite's shared
    /// memory index, <c>-shm</c>, behind: it holds no data).
    /// </summary>
    private string Snapshot()
    {
        var database = Path.Combine(_cli.DataDirectory, "briefer.db");
        var wal = new FileInfo(database + "-wal");
        return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(database))) + " wal " + (wal.Exists ? wal.Length : 0);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The app's own build output (the copy beside the tests has no runtimeconfig of its own), same configuration.</summary>
    private static string AppBuild()
    {
        var testBin = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var repository = SourceCheckout.FindRepository(AppContext.BaseDirectory)!;
        return Path.Combine(repository, "src", "Briefer", "bin", testBin.Parent!.Name, testBin.Name, "briefer.dll");
    }

    /// <summary>Runs only where a private mount namespace with a read-only bind mount can be made (root with unshare).</summary>
    private sealed class ReadOnlyMountFactAttribute : FactAttribute
    {
        public ReadOnlyMountFactAttribute()
        {
            if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/unshare"))
            {
                Skip = "needs Linux, root and unshare(1) to make a read-only bind mount; Store:ReadOnly covers the same opening elsewhere";
            }
            else if (SourceCheckout.FindRepository(AppContext.BaseDirectory) is null || !File.Exists(AppBuild()))
            {
                Skip = "needs the app's build output (src/Briefer/bin) to run it in the mount namespace";
            }
        }
    }
}
