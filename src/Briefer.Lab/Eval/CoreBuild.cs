using Briefer.Core;

namespace Briefer.Cli.Eval;

/// <summary>
/// This build of the knowledge core: its module version id, which changes whenever extraction, chunking, embedding,
/// retrieval or answering code changes. Kept stores and caches of evaluation and training are keyed by it, since a
/// stored document whose text has not changed keeps the chunks an older build cut.
/// </summary>
internal static class CoreBuild
{
    public static string Id { get; } = typeof(IBriefingService).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    /// <summary>The name of this build's folder under a kept work or cache folder.</summary>
    public static string Folder => "core-" + Id;
}
