using System.Runtime.InteropServices;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;

namespace Briefer.Sources;

/// <summary>What a path on disk is, as far as ingest cares.</summary>
public enum LocalFileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,

    /// <summary>A device, FIFO or socket: never read (a FIFO would block forever, /dev/zero never ends).</summary>
    Special,
}

/// <summary>
/// Reads local files for ingest: only regular files, never more than the size limit whatever the file system reports
/// (a symlink to <c>/dev/zero</c> says it is 0 bytes long and never ends), identified by their resolved real path so
/// the same file reached through a symlinked folder is one document.
/// </summary>
public static partial class LocalFiles
{
    /// <summary>The kind of <paramref name="path"/>; with <paramref name="followLinks"/> a symlink reports what it points to.</summary>
    public static LocalFileKind KindOf(string path, bool followLinks)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!followLinks && new FileInfo(path).LinkTarget is not null)
        {
            return LocalFileKind.SymbolicLink;
        }

        if (UnixFileType(path) is { } type)
        {
            return type switch
            {
                MissingType => LocalFileKind.Missing,
                0x8000 => LocalFileKind.Regular,
                0x4000 => LocalFileKind.Directory,
                _ => LocalFileKind.Special,
            };
        }

        if (Directory.Exists(path))
        {
            return LocalFileKind.Directory;
        }

        return File.Exists(path) ? LocalFileKind.Regular : LocalFileKind.Missing;
    }

    /// <summary>The absolute path with every symbolic link resolved (the file's identity), or the full path when that cannot be had.</summary>
    public static string RealPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                var resolved = RealPathNative(path, 0);
                if (resolved != 0)
                {
                    try
                    {
                        return Marshal.PtrToStringUTF8(resolved) ?? Path.GetFullPath(path);
                    }
                    finally
                    {
                        Free(resolved);
                    }
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not a libc platform: fall back to resolving the final link only.
            }
        }

        var full = Path.GetFullPath(path);
        return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
    }

    /// <summary>
    /// Reads a regular file's bytes, refusing anything else, and reading at most the limit plus one byte whatever length
    /// the file system reports.
    /// </summary>
    /// <exception cref="DocumentRejectedException">Not a regular file, or over the limit.</exception>
    public static async Task<byte[]> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        switch (KindOf(path, followLinks: true))
        {
            case LocalFileKind.Regular:
                break;
            case LocalFileKind.Missing:
                throw new DocumentRejectedException($"'{name}' was not ingested: no such file (or a broken symbolic link). Check the path.");
            case LocalFileKind.Directory:
                throw new DocumentRejectedException($"'{name}' was not ingested: it is a folder; give the folder itself to ingest to read what is in it.");
            default:
                throw new DocumentRejectedException($"'{name}' was not ingested: it is not a regular file (a device, pipe or socket), so Briefer does not read it. Save the document as a file and ingest that.");
        }

        await using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite, Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 0 });
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new DocumentRejectedException(
                    $"'{name}' was not ingested: it is over the {maxBytes / 1_048_576.0:0.#} MB limit (Ingestion:MaxDocumentBytes). Split the document, or raise the limit.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private const int MissingType = -1;

    /// <summary>The S_IFMT bits of <c>stat()</c>, on 64-bit Linux; null elsewhere or on failure.</summary>
    private static int? UnixFileType(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct stat differs by architecture: st_mode sits at byte 24 on x86-64 and at byte 16 on arm64.
        var modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        };
        if (modeOffset < 0)
        {
            return null;
        }

        var buffer = new byte[256];
        try
        {
            if (Stat(path, buffer) != 0)
            {
                return File.Exists(path) || Directory.Exists(path) ? null : MissingType;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        var mode = BitConverter.ToUInt32(buffer, modeOffset);
        return mode == 0 ? null : (int)(mode & 0xF000);
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
