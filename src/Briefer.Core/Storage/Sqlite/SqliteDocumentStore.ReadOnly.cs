using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// The store on a data directory that cannot be written (a read-only bind mount or volume, or <c>Store:ReadOnly</c>):
/// reads work, writes are refused in one line. WAL mode needs a <c>-shm</c> file beside the database; when there is
/// none and none can be made, the file is opened <c>immutable</c> (no locks, no shared memory), which is sound because
/// nothing can change a file on a read-only mount.
/// </summary>
public sealed partial class SqliteDocumentStore
{
    private readonly bool _readOnlyRequested;

    /// <summary>True once the store found (or was told) that it may only read: writes throw <see cref="StoreFailureKind.ReadOnly"/>.</summary>
    public bool IsReadOnly { get; private set; }

    private async Task InitializeReadOnlyAsync(CancellationToken cancellationToken)
    {
        IsReadOnly = true;
        var directory = Path.GetDirectoryName(DatabasePath)!;
        // File.Exists is false for a file this user may not see: say so, not that there is no database.
        if (Unopenable(directory) is { } denied)
        {
            throw denied;
        }

        if (!File.Exists(DatabasePath))
        {
            throw new StoreFailureException(StoreFailureKind.ReadOnly,
                $"The data directory '{directory}' is read-only and holds no Briefer database yet. Ingest into it once while it is writable, or choose another folder with --data-dir or BRIEFER_DATA_DIR.");
        }

        // With Store:ReadOnly on a writable folder, other processes may still write: read with WAL as usual. On a folder
        // nobody can write, an existing -shm (left by an unclean stop) is used read-only; without one, immutable.
        _database.UseReadOnly(immutable: !_readOnlyRequested && !File.Exists(DatabasePath + "-shm"));

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var tables = connection.CreateCommand())
        {
            tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'documents', 'chunks')";
            if ((long)(await tables.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! < 3)
            {
                throw new StoreFailureException(StoreFailureKind.ReadOnly,
                    $"The data directory '{directory}' is read-only and its database was never set up by Briefer. Ingest into it once while it is writable, or choose another folder with --data-dir or BRIEFER_DATA_DIR.");
            }
        }

        await CheckModelAsync(connection, null, cancellationToken, canWrite: false).ConfigureAwait(false);
        _database.MarkInitialized();
    }

    /// <summary>Refuses a write on a read-only store, in one line that says why and what to do.</summary>
    private void ThrowIfReadOnly()
    {
        if (IsReadOnly)
        {
            var directory = Path.GetDirectoryName(DatabasePath)!;
            throw new StoreFailureException(StoreFailureKind.ReadOnly, _readOnlyRequested
                ? string.Create(CultureInfo.InvariantCulture, $"The data directory '{directory}' is opened read-only (Store:ReadOnly is true): ask, brief and sources work, but documents cannot be added or removed. Unset Store:ReadOnly to change them.")
                : $"The data directory '{directory}' is read-only: ask, brief and sources work, but documents cannot be added or removed. Mount it read-write, or give the user Briefer runs as write access, to change them.");
        }
    }

    /// <summary>
    /// The failure to report when this user may not look into <paramref name="directory"/> (its mode bits deny it),
    /// else null. <paramref name="list"/> lists it (tests deny it without changing who runs them).
    /// </summary>
    internal static StoreFailureException? Unopenable(string directory, Func<string, IEnumerable<string>>? list = null)
    {
        try
        {
            using var entries = (list ?? Directory.EnumerateFileSystemEntries)(directory).GetEnumerator();
            entries.MoveNext();
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            return new StoreFailureException(StoreFailureKind.ReadOnly,
                $"This user cannot open the data directory '{directory}' (permission denied). Give the user Briefer runs as read and write access to it, or choose another folder with --data-dir or BRIEFER_DATA_DIR.",
                ex);
        }
    }

    /// <summary>
    /// Whether a file can be created in <paramref name="directory"/>: a read-only mount refuses it even to root, unlike a
    /// folder's mode bits. The probe file is deleted as it is closed.
    /// </summary>
    private static bool CanWrite(string directory)
    {
        try
        {
            using var probe = new FileStream(
                Path.Combine(directory, $".briefer-write-probe-{Guid.NewGuid():N}.tmp"),
                FileMode.CreateNew,
                FileAccess.Write,
                FileShare.None,
                1,
                FileOptions.DeleteOnClose);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException ex) when (StoreFailureException.FromIo(ex, directory).Kind == StoreFailureKind.ReadOnly)
        {
            return false;
        }
    }
}
