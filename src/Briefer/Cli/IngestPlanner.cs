using System.Text.RegularExpressions;
using Briefer.Sources;

namespace Briefer.Cli;

/// <summary>
/// Expands <c>ingest</c>'s arguments into what to read: web addresses and files named on the command line are always
/// tried (so an unsupported one gets its error); folders are walked recursively for supported regular files, skipping
/// hidden entries and listing symbolic links, special files and unsupported types as skipped, each with its reason. A
/// folder that cannot be read is an error of its own, never an empty folder.
/// </summary>
internal static partial class IngestPlanner
{
    /// <param name="listFolder">Lists a folder's entries (tests inject a permission failure; root reads every folder).</param>
    internal static IngestPlan Plan(IReadOnlyList<string> paths, IReadOnlyList<string> supportedExtensions, Func<string, IEnumerable<FileSystemInfo>>? listFolder = null)
    {
        listFolder ??= ListFolder;
        var items = new List<IngestItem>();
        var skipped = new List<SkippedJson>();
        var errors = new List<IngestErrorJson>();
        var folders = new List<string>();
        var empty = new List<IngestErrorJson>();
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (WebPageFetcher.IsWebAddress(path))
            {
                if (seen.Add(path))
                {
                    items.Add(new IngestItem(path, IsUrl: true));
                }
            }
            else if (Directory.Exists(path))
            {
                folders.Add(LocalFiles.RealPath(path));
                var before = items.Count;
                var unreadable = errors.Count;
                Walk(path);
                if (items.Count == before && errors.Count == unreadable)
                {
                    // Said, never skipped silently: a wrong folder or a folder of unsupported files loads nothing.
                    empty.Add(new IngestErrorJson(path, $"no supported files in this folder (supported: {string.Join(", ", supportedExtensions)}); nothing was loaded from it."));
                }
            }
            else if (File.Exists(path) || LocalFiles.KindOf(path, followLinks: true) != LocalFileKind.Missing)
            {
                if (seen.Add(LocalFiles.RealPath(path)))
                {
                    items.Add(new IngestItem(path, IsUrl: false));
                }
            }
            else if (OtherScheme(path) is { } scheme)
            {
                errors.Add(new IngestErrorJson(path, scheme == "file"
                    ? $"Briefer fetches only http:// and https:// addresses; give a file on this machine as its path ({FilePath(path)})."
                    : $"Briefer fetches only http:// and https:// addresses, not {scheme}:. Save the document and ingest the file."));
            }
            else
            {
                errors.Add(new IngestErrorJson(path, "no such file or folder. Check the path (web addresses start with http:// or https://)."));
                missing.Add(path);
            }
        }

        return new IngestPlan(items, skipped, errors, folders) { EmptyFolders = empty, Missing = missing };

        void Walk(string folder)
        {
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. listFolder(folder).OrderBy(e => e.Name, StringComparer.Ordinal)];
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                errors.Add(new IngestErrorJson(folder, CannotRead("folder", ex)));
                return;
            }

            foreach (var entry in entries)
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }

                if (entry.LinkTarget is not null)
                {
                    // Not followed: a link back up the tree would loop, and a linked copy would be a duplicate.
                    skipped.Add(new SkippedJson(entry.FullName, "a symbolic link, not followed; ingest its target directly if you want it"));
                }
                else if (entry is DirectoryInfo)
                {
                    Walk(entry.FullName);
                }
                else if (LocalFiles.KindOf(entry.FullName, followLinks: false) != LocalFileKind.Regular)
                {
                    skipped.Add(new SkippedJson(entry.FullName, "not a regular file: a device, pipe or socket, never opened"));
                }
                else if (!supportedExtensions.Contains(entry.Extension.ToLowerInvariant()))
                {
                    skipped.Add(new SkippedJson(entry.FullName, $"not a supported type: {string.Join(", ", supportedExtensions)}"));
                }
                else if (seen.Add(LocalFiles.RealPath(entry.FullName)))
                {
                    items.Add(new IngestItem(entry.FullName, IsUrl: false));
                }
            }
        }
    }

    /// <summary>Why a file or folder could not be read, in one line: permission denied is said as such, with what to do.</summary>
    internal static string CannotRead(string what, Exception exception) => exception is UnauthorizedAccessException
        ? $"cannot read this {what}: permission denied. Give the user Briefer runs as read access to it, or leave it out."
        : $"cannot read this {what}: {exception.Message.TrimEnd('.')}.";

    /// <summary>The entries of a folder; inaccessible ones are not silently dropped (the caller reports them).</summary>
    private static IEnumerable<FileSystemInfo> ListFolder(string folder) =>
        new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions
        {
            RecurseSubdirectories = false,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = false,
        });

    /// <summary>The scheme of a URL-like argument that is not http(s) (<c>file</c>, <c>ftp</c>, <c>javascript</c>); null for paths.</summary>
    private static string? OtherScheme(string path)
    {
        var match = SchemePrefix().Match(path);
        return match.Success ? match.Groups["scheme"].Value.ToLowerInvariant() : null;
    }

    private static string FilePath(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : url;

    /// <summary>A scheme of two or more characters then a colon (one letter would be a Windows drive, <c>C:</c>).</summary>
    [GeneratedRegex("^(?<scheme>[A-Za-z][A-Za-z0-9+.-]+):")]
    private static partial Regex SchemePrefix();
}

/// <summary>One thing to ingest: a file path or a web address.</summary>
internal sealed record IngestItem(string Path, bool IsUrl);

/// <summary>What an ingest will read, skip, and could not find; the folders walked (real paths) for --prune.</summary>
internal sealed record IngestPlan(IReadOnlyList<IngestItem> Items, IReadOnlyList<SkippedJson> Skipped, IReadOnlyList<IngestErrorJson> Errors, IReadOnlyList<string> Folders)
{
    /// <summary>Folders given that hold no supported file (nothing to load), each with the line that says so.</summary>
    public IReadOnlyList<IngestErrorJson> EmptyFolders { get; init; } = [];

    /// <summary>Local paths given that do not exist (each also in <see cref="Errors"/>): with --prune, a deleted folder.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}
