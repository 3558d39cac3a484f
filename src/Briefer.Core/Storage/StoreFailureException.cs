using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Briefer.Core.Storage;

/// <summary>What kind of storage failure stopped a command; each has its own advice.</summary>
public enum StoreFailureKind
{
    /// <summary>The database file is damaged (or is not a database).</summary>
    Corrupt,

    /// <summary>The disk is full.</summary>
    DiskFull,

    /// <summary>The file or its file system cannot be written.</summary>
    ReadOnly,

    /// <summary>Another process holds the write lock beyond the busy timeout.</summary>
    Busy,

    /// <summary>Any other I/O failure of the store.</summary>
    Unavailable,
}

/// <summary>
/// The store failed after it was configured correctly: a damaged file, a full disk, a read-only file system. The message
/// says which, and what to do; the CLI exits with its own code for these (see the README).
/// </summary>
public sealed class StoreFailureException : Exception
{
    public StoreFailureException()
    {
    }

    public StoreFailureException(string message)
        : base(message)
    {
    }

    public StoreFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreFailureException(StoreFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public StoreFailureKind Kind { get; } = StoreFailureKind.Unavailable;

    /// <summary>Classifies a SQLite error on the database at <paramref name="path"/> by its result code.</summary>
    public static StoreFailureException FromSqlite(SqliteException exception, string path)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = exception.SqliteErrorCode & 0xFF;
        // Microsoft.Data.Sqlite's message already opens with "SQLite Error 26: ": said once, not "26: 26:".
        var prefix = string.Create(CultureInfo.InvariantCulture, $"SQLite Error {exception.SqliteErrorCode}: ");
        var message = exception.Message.StartsWith(prefix, StringComparison.Ordinal) ? exception.Message[prefix.Length..] : exception.Message.Replace("SQLite Error ", string.Empty, StringComparison.Ordinal);
        var detail = string.Create(CultureInfo.InvariantCulture, $"SQLite error {exception.SqliteErrorCode}: {message.TrimEnd('.')}");
        return code switch
        {
            11 or 26 => Damaged(path, detail, exception),
            13 => DiskFull(path, detail, exception),
            8 or 3 or 23 => ReadOnly(path, detail, exception),
            5 or 6 => new StoreFailureException(StoreFailureKind.Busy,
                $"The Briefer database '{path}' stayed locked by another process for longer than Store:BusyTimeout ({detail}). Try again when the other ingest has finished, or raise Store:BusyTimeout.",
                exception),
            _ => new StoreFailureException(StoreFailureKind.Unavailable,
                $"Briefer could not use its database '{path}' ({detail}). Check that the disk and the data directory are healthy, then try again.",
                exception),
        };
    }

    /// <summary>Classifies a file-system error on the data directory.</summary>
    public static StoreFailureException FromIo(Exception exception, string path)
    {
        ArgumentNullException.ThrowIfNull(exception);
        const int ENOSPC = 28, EROFS = 30;
        var errno = exception.HResult & 0xFFFF;
        var detail = exception.Message;
        return exception switch
        {
            UnauthorizedAccessException => ReadOnly(path, detail, exception),
            IOException when errno == EROFS || detail.Contains("read-only", StringComparison.OrdinalIgnoreCase) => ReadOnly(path, detail, exception),
            IOException when errno == ENOSPC || detail.Contains("No space left", StringComparison.OrdinalIgnoreCase) => DiskFull(path, detail, exception),
            IOException when FileInTheWay(path) is { } file => new StoreFailureException(StoreFailureKind.Unavailable,
                $"Briefer cannot keep its data under '{file}': it is a file, not a folder. Choose a folder with --data-dir or BRIEFER_DATA_DIR.", exception),
            _ => new StoreFailureException(StoreFailureKind.Unavailable, $"Briefer could not use its data directory for '{path}' ({detail}). Check the disk and the path.", exception),
        };
    }

    /// <summary>The nearest existing entry above <paramref name="path"/> when it is a file (a data directory named at a file).</summary>
    private static string? FileInTheWay(string path)
    {
        try
        {
            for (var parent = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
            {
                if (File.Exists(parent))
                {
                    return parent;
                }

                if (Directory.Exists(parent))
                {
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
        }

        return null;
    }

    /// <summary>
    /// What to do about a damaged database, in one line: restore a backup, or let sqlite3 recover what it can into a new
    /// file and put that in its place (the damaged file kept beside it).
    /// </summary>
    public static string RepairAdvice(string path) =>
        $"Stop Briefer, then restore it from a backup, or recover what it holds: sqlite3 '{path}' .recover | sqlite3 '{path}.recovered' && mv '{path}' '{path}.damaged' && mv '{path}.recovered' '{path}' (else move it aside and ingest the documents again).";

    /// <summary>The database at <paramref name="path"/> is damaged: <paramref name="detail"/> says how it was found.</summary>
    public static StoreFailureException Damaged(string path, string detail, Exception? inner = null) => new(StoreFailureKind.Corrupt,
        $"The Briefer database '{path}' is damaged ({detail}). {RepairAdvice(path)}",
        inner);

    private static StoreFailureException DiskFull(string path, string detail, Exception inner) => new(StoreFailureKind.DiskFull,
        $"The disk holding the Briefer database '{path}' is full ({detail}); the command's changes were rolled back. Free some space or move the data directory (--data-dir), then run it again.",
        inner);

    private static StoreFailureException ReadOnly(string path, string detail, Exception inner) => new(StoreFailureKind.ReadOnly,
        $"The Briefer database '{path}' cannot be written: the file, its folder or its file system is read-only ({detail}). Give Briefer's user write access to the data directory, or mount it read-write.",
        inner);
}
