using System.Globalization;
using Briefer.Cli;
using Briefer.Cli.Eval.Docs;
using Briefer.Cli.Train;
using Briefer.Core.Documents;

namespace Briefer.Tests.Trainer;

/// <summary>
/// A documentation set's training candidates depend only on the set and the build: not on whether the kept work folder
/// was filled from another clone, nor on the other sets trained beside it.
/// </summary>
public sealed class TrainingStoresTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "briefer-train-stores-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task BuildAsync_KeptWorkDirUsedFromAnotherCloneBesideAnotherSet_SameRowsAndEachPageOnce()
    {
        var cloneA = WriteSet(Path.Combine(_root, "clone-a"), "tinydocs");
        var cloneB = WriteSet(Path.Combine(_root, "clone-b"), "tinydocs");
        var neighbour = WriteNeighbour(Path.Combine(_root, "clone-b"));
        var work = Path.Combine(_root, "work");

        var fresh = await RowsAsync([cloneA], workDir: null);
        var kept = await RowsAsync([cloneA], work);
        var fromOtherClone = await RowsAsync([neighbour, cloneB], work);

        Assert.Equal(fresh, kept);
        Assert.Equal(fresh, fromOtherClone);
        Assert.Equal(2, CountDocuments(DocsQaCache.DataDirectory(work, DocsQaDataset.Load(cloneA))));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Every candidate row of the questions of set "tinydocs", one string per question.</summary>
    private async Task<List<string>> RowsAsync(IReadOnlyList<string> sets, string? workDir)
    {
        var folder = Path.Combine(_root, "host-" + Guid.NewGuid().ToString("N"));
        var settings = new CliSettings(folder, ScopeId.Local, false);
        using var host = await BrieferHost.StartAsync(settings, CancellationToken.None);
        // Featurized afresh each time: the stores are what is tested, not the rows kept beside them (TrainingRowsTests).
        var request = new TrainingRequest(null, 0, sets, 8, 3, null, NoSave: true, workDir, null, []) { Refeaturize = true };
        var set = await TrainingSet.BuildAsync(LabVerbs.Instance, host.Services, new VerbContext(settings, TextWriter.Null, TextWriter.Null), request, CancellationToken.None);
        await host.StopAsync();
        return [.. set.Questions.Where(q => q.Project == "tinydocs").Select(q => string.Join(";", q.Rows.Select(r => string.Join(",", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))))];
    }

    private static long CountDocuments(string dataDirectory)
    {
        Assert.True(Directory.Exists(dataDirectory), dataDirectory);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "briefer.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM documents";
        return (long)command.ExecuteScalar()!;
    }

    private static string WriteSet(string parent, string name)
    {
        var folder = Path.Combine(parent, name);
        Directory.CreateDirectory(Path.Combine(folder, "docs"));
        File.WriteAllText(Path.Combine(folder, "docs", "install.md"), """
            # Install

            Run the installer with `tiny install`. The server listens on port 7070 unless told otherwise.

            ## Options

            - `--port` sets the port the server listens on. Default: 7070.
            - `--host` sets the host name the server binds to.
            """);
        File.WriteAllText(Path.Combine(folder, "docs", "cache.md"), """
            # Cache

            The cache keeps 512 entries by default. Entries expire after ten minutes, and a full cache drops the oldest entry first.
            """);
        File.WriteAllText(Path.Combine(folder, "questions.json"), """
            [
              {"q": "what port does the server listen on by default", "doc": "install.md", "gold": ["7070"], "abstain": false, "kind": "default", "alt_docs": []},
              {"q": "how many entries does the cache keep", "doc": "cache.md", "gold": ["512"], "abstain": false, "kind": "how-many", "alt_docs": []},
              {"q": "how do I make entries expire after an hour", "doc": null, "gold": null, "abstain": true, "kind": "near-miss", "alt_docs": null}
            ]
            """);
        return folder;
    }

    /// <summary>Another project sharing the tiny set's words (port, cache, entries), so a shared store's statistics would move.</summary>
    private static string WriteNeighbour(string parent)
    {
        var folder = Path.Combine(parent, "neighbour");
        Directory.CreateDirectory(Path.Combine(folder, "docs"));
        File.WriteAllText(Path.Combine(folder, "docs", "server.md"), """
            # Server

            The neighbour server listens on port 8080. Its cache keeps 64 entries, and each port of the cache serves entries to one client.
            """);
        File.WriteAllText(Path.Combine(folder, "questions.json"), """
            [
              {"q": "which port does the neighbour server use", "doc": "server.md", "gold": ["8080"], "abstain": false, "kind": "default", "alt_docs": []}
            ]
            """);
        return folder;
    }
}
