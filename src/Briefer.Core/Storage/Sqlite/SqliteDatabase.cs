using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// One SQLite file as every Briefer store opens it: the connection string, the per-connection pragmas (the busy
/// timeout from <see cref="StoreOptions.BusyTimeout"/>, <c>synchronous = NORMAL</c>, foreign keys), WAL mode, a
/// one-time set-up of schema and migrations in one transaction, and the <c>meta</c> table's <c>schema_version</c>.
/// The stores (documents, conversations, digest schedules) keep their own SQL; this is only how they reach the file.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    /// <summary>The key of the schema version in a store's <c>meta</c> table.</summary>
    public const string SchemaVersionKey = "schema_version";

    private readonly int _busyTimeoutMs;
    private readonly int _defaultTimeoutSeconds;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <param name="path">The file; its folder is created on first set-up.</param>
    /// <param name="busyTimeout">How long a statement waits for another connection's write lock before failing.</param>
    public SqliteDatabase(string path, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _busyTimeoutMs = (int)busyTimeout.TotalMilliseconds;
        _defaultTimeoutSeconds = (int)Math.Ceiling(busyTimeout.TotalSeconds);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = _defaultTimeoutSeconds,
        }.ToString();
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>What connections are opened with: read-write until <see cref="UseReadOnly"/>.</summary>
    public string ConnectionString { get; private set; }

    /// <summary>True once <see cref="InitializeAsync"/> has run to the end (or <see cref="MarkInitialized"/> was called).</summary>
    public bool IsInitialized => _initialized;

    /// <summary>
    /// From now on, opens the file read-only; <paramref name="immutable"/> for a file on a mount nobody can write (no
    /// locks, no shared memory), which is sound only because nothing can change it.
    /// </summary>
    public void UseReadOnly(bool immutable) =>
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = new Uri(Path).AbsoluteUri + (immutable ? "?immutable=1" : string.Empty),
            Mode = SqliteOpenMode.ReadOnly,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = _defaultTimeoutSeconds,
        }.ToString();

    /// <summary>Opens a connection with the busy/lock policy applied (the caller disposes it).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Sets the file up once per instance: creates its folder, turns on WAL, and runs <paramref name="setUp"/> (the
    /// store's <c>CREATE … IF NOT EXISTS</c> and migrations) in one transaction, committed only if it all succeeds.
    /// Concurrent callers wait for the first; later calls return at once. True for the call that set the file up.
    /// </summary>
    public async Task<bool> InitializeAsync(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task> setUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setUp);
        if (_initialized)
        {
            return false;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return false;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await setUp(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
            return true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>
    /// Runs a set-up that does not fit <see cref="InitializeAsync"/> (the document store's read-only opening) under the
    /// same once-only lock; it calls <see cref="MarkInitialized"/> when done.
    /// </summary>
    public async Task InitializeWithAsync(Func<CancellationToken, Task> setUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setUp);
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await setUp(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Records that the file is set up (for <see cref="InitializeWithAsync"/>).</summary>
    public void MarkInitialized() => _initialized = true;

    /// <summary>
    /// A migration step: adds <paramref name="column"/> to <paramref name="table"/> with <paramref name="definition"/>
    /// (e.g. <c>TEXT NULL</c>) when a file written before it lacks it; true when it was added.
    /// </summary>
    public static async Task<bool> AddColumnIfMissingAsync(SqliteConnection connection, SqliteTransaction transaction, string table, string column, string definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
        check.Parameters.AddWithValue("$table", table);
        check.Parameters.AddWithValue("$column", column);
        if ((long)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0)
        {
            return false;
        }

        await ExecuteAsync(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {column} {definition}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The <c>schema_version</c> in the <c>meta</c> table; null when none is recorded.</summary>
    public static async Task<int?> ReadSchemaVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT value FROM meta WHERE key = '{SchemaVersionKey}'";
        return await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string value
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Raises the recorded <c>schema_version</c> to <paramref name="version"/> (never lowers it; records it when absent only if asked).</summary>
    public static Task RaiseSchemaVersionAsync(SqliteConnection connection, SqliteTransaction transaction, int version, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, string.Create(CultureInfo.InvariantCulture,
            $"UPDATE meta SET value = '{version}' WHERE key = '{SchemaVersionKey}' AND CAST(value AS INTEGER) < {version}"), cancellationToken);

    /// <summary>Runs one or more statements.</summary>
    public static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _initLock.Dispose();
}
