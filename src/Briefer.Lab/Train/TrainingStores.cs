using System.Security.Cryptography;
using System.Text;
using Briefer.Cli.Eval;
using Briefer.Cli.Eval.Docs;

namespace Briefer.Cli.Train;

/// <summary>
/// Where <c>train answers</c> retrieves each part's evidence: every part (the SQuAD sample, each documentation set) in a
/// store of its own, like <c>eval docs</c>. BM25's term statistics are the whole store's, so in one shared store a set's
/// candidates depended on which parts were ingested before it and on whatever an earlier run had left there (a kept
/// <c>--work-dir</c> run from another clone held every page two or three times under its other absolute path, and the
/// models trained on it ranked ~15 first units fewer held out). With a store per part, the same build and data give the
/// same candidates in a fresh store or a kept one, in any order and beside any other sets.
/// </summary>
/// <remarks>
/// A kept store lives under <c>WORK-DIR/core-&lt;build&gt;/&lt;part&gt;-&lt;content hash&gt;</c> (<see cref="DocsQaCache.DataDirectory"/>):
/// a new build of the knowledge core (whose chunks an unchanged document would otherwise keep) or other content gets
/// a store of its own; without a work folder each part's store is temporary.
/// </remarks>
internal static class TrainingStores
{
    /// <summary>The kept store of the SQuAD articles <paramref name="dataset"/> holds, under <paramref name="root"/>.</summary>
    public static string SquadDirectory(string root, SquadDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var article in dataset.Articles)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(article.Source + "\0"));
            hash.AppendData(SHA256.HashData(Encoding.UTF8.GetBytes(article.DocumentText)));
        }

        return Path.Combine(root, CoreBuild.Folder, "squad-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..12]);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a host on the store at <paramref name="folder"/> (kept), or on a temporary one
    /// (deleted afterwards) when it is null.
    /// </summary>
    public static async Task<T> InStoreAsync<T>(ILabApp app, CliSettings settings, string? folder, Func<IServiceProvider, string, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(work);
        var temporary = folder is null;
        var path = folder ?? Path.Combine(Path.GetTempPath(), "briefer-train-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var host = await app.StartHostAsync(settings with { DataDirectory = path }, cancellationToken).ConfigureAwait(false);
            var result = await work(host.Services, path).ConfigureAwait(false);
            await host.StopAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            if (temporary && Directory.Exists(path))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(path, recursive: true);
            }
        }
    }
}
