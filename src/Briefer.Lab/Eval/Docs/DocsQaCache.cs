using System.Security.Cryptography;
using System.Text;
using Briefer.Core;
using Briefer.Core.Chunking;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Configuration;

namespace Briefer.Cli.Eval.Docs;

/// <summary>
/// Where <c>eval docs</c> keeps its ingested pages between runs: one data directory per build of the knowledge core (its
/// module version id changes whenever extraction, chunking, embedding or storage code changes) and set (a hash of its
/// pages), and in it one scope, named by a hash of the pages and of the ingestion and chunking settings. A set never
/// shares a store with another: BM25's term statistics are the whole store's, not the scope's, so a neighbour would
/// change the answers. Pages are stored as <c>docsqa:&lt;set&gt;/&lt;page&gt;</c> (<see cref="SourceOf"/>), never by
/// where the clone is, so a cache reused from another clone or after moving the repository holds each page once and
/// gives the same figures. A run on an unchanged set and build finds every page up to date and only asks. Clear it by
/// deleting the folder (or run with <c>--no-cache</c>).
/// </summary>
internal static class DocsQaCache
{
    public static string DefaultRoot => Path.Combine(Path.GetTempPath(), "briefer-eval-docs");

    /// <summary>The data directory of this build and set under <paramref name="root"/>.</summary>
    public static string DataDirectory(string root, DocsQaDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendPages(hash, dataset);
        return Path.Combine(root, CoreBuild.Folder, dataset.Name + "-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..12]);
    }

    /// <summary>The scope a set's pages are ingested into: the same pages under the same settings give the same scope.</summary>
    public static ScopeId ScopeFor(DocsQaDataset dataset, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(configuration);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendPages(hash, dataset);
        foreach (var section in new[] { ChunkingOptions.Section, IngestionOptions.Section })
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable().OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(key + "=" + value + "\n"));
            }
        }

        return new ScopeId("docs-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..16]);
    }

    /// <summary>
    /// A page's source in a store of its set: the set and the page's file name, which <see cref="DocsQaScorer.Page"/>
    /// reads back as the citation's page.
    /// </summary>
    public static string SourceOf(DocsQaDataset dataset, string pageName)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return $"docsqa:{dataset.Name}/{pageName}";
    }

    /// <summary>What <c>ingest</c> stores each page of <paramref name="dataset"/> under, given the page's real path.</summary>
    public static Func<string, string> SourceNames(DocsQaDataset dataset) => realPath => SourceOf(dataset, Path.GetFileName(realPath));

    private static void AppendPages(IncrementalHash hash, DocsQaDataset dataset)
    {
        foreach (var page in dataset.Pages)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(page.Name + "\0"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(page.Path)));
        }
    }
}
