using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Conversations;

/// <summary>
/// <see cref="IConversationStore"/> in <c>conversations.db</c> in the data directory: its own SQLite file, so it is
/// kept the same way whether documents live in the embedded store or in Qdrant, opened through
/// <see cref="SqliteDatabase"/> as the document store is (WAL, the same busy/lock policy, one set-up transaction). Askers and voters are stored as HMAC-SHA256 hashes under a random key made on first use and kept
/// in the same file, so a hash cannot be recomputed from a user id without the file. Rows older than
/// <see cref="ConversationOptions.Retention"/> are deleted as new answers arrive.
/// </summary>
public sealed class SqliteConversationStore : IConversationStore, IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS answers (
            scope TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, question TEXT NOT NULL, standalone TEXT NOT NULL,
            text TEXT NOT NULL, abstained INTEGER NOT NULL, mode TEXT NOT NULL, note TEXT, citations TEXT NOT NULL,
            asker TEXT NOT NULL, at INTEGER NOT NULL, conversation TEXT, asked_in TEXT,
            PRIMARY KEY (scope, id));
        CREATE INDEX IF NOT EXISTS answers_by_time ON answers (scope, at);
        CREATE TABLE IF NOT EXISTS votes (
            scope TEXT NOT NULL, answer_id TEXT NOT NULL, voter TEXT NOT NULL, vote INTEGER NOT NULL, comment TEXT, at INTEGER NOT NULL,
            PRIMARY KEY (scope, answer_id, voter));
        CREATE TABLE IF NOT EXISTS conversations (
            scope TEXT NOT NULL, key TEXT NOT NULL, started_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
            PRIMARY KEY (scope, key));
        CREATE TABLE IF NOT EXISTS turns (
            scope TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, question TEXT NOT NULL, standalone TEXT NOT NULL,
            text TEXT NOT NULL, abstained INTEGER NOT NULL, citations TEXT NOT NULL, at INTEGER NOT NULL,
            PRIMARY KEY (scope, key, n));
        """;

    private const int PruneEvery = 200;

    private readonly SqliteDatabase _database;
    private readonly ConversationOptions _options;
    private readonly TimeProvider _time;

    // Writes queue here, asynchronously, rather than in SQLite's busy handler, which sleeps on (and so blocks) a pool thread.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[]? _hashKey;
    private int _writes;

    public SqliteConversationStore(IOptions<StoreOptions> store, IOptions<ConversationOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _database = new SqliteDatabase(Path.Combine(Path.GetFullPath(store.Value.DataDirectory), "conversations.db"), store.Value.BusyTimeout);
        _options = options.Value;
        _time = time;
    }

    /// <summary>The full path of the SQLite file.</summary>
    public string DatabasePath => _database.Path;

    public Task RecordAnswerAsync(AnswerEntry entry, string askerId, CancellationToken cancellationToken) =>
        WithWriteLockAsync(() => RecordAnswerLockedAsync(entry, askerId, cancellationToken), cancellationToken);

    private async Task RecordAnswerLockedAsync(AnswerEntry entry, string askerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO answers (scope, id, kind, question, standalone, text, abstained, mode, note, citations, asker, at, conversation, asked_in)
                VALUES ($scope, $id, $kind, $question, $standalone, $text, $abstained, $mode, $note, $citations, $asker, $at, $conversation, $askedIn)
                """;
            command.Parameters.AddWithValue("$scope", entry.Scope.Value);
            command.Parameters.AddWithValue("$id", entry.Id.Value);
            command.Parameters.AddWithValue("$kind", entry.Kind.ToString());
            command.Parameters.AddWithValue("$question", entry.Question);
            command.Parameters.AddWithValue("$standalone", entry.StandaloneQuestion);
            command.Parameters.AddWithValue("$text", entry.Answer.Text);
            command.Parameters.AddWithValue("$abstained", entry.Answer.Abstained ? 1 : 0);
            command.Parameters.AddWithValue("$mode", entry.Answer.Mode.ToString());
            command.Parameters.AddWithValue("$note", (object?)entry.Answer.Note ?? DBNull.Value);
            command.Parameters.AddWithValue("$citations", WriteCitations(entry.Answer.Citations));
            command.Parameters.AddWithValue("$asker", Hash(askerId));
            command.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$conversation", (object?)entry.ConversationKey ?? DBNull.Value);
            command.Parameters.AddWithValue("$askedIn", (object?)entry.AskedIn?.Key ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Interlocked.Increment(ref _writes) % PruneEvery == 1)
        {
            await PruneAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<AnswerEntry?> GetAnswerAsync(ScopeId scope, AnswerId id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, question, standalone, text, abstained, mode, note, citations, at, conversation, asked_in FROM answers WHERE scope = $scope AND id = $id";
        command.Parameters.AddWithValue("$scope", scope.Value);
        command.Parameters.AddWithValue("$id", id.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var question = reader.GetString(1);
        var answer = new Answer(
            question,
            reader.GetString(3),
            reader.GetInt64(4) == 1,
            ReadCitations(reader.GetString(7)),
            Enum.TryParse<AnswerMode>(reader.GetString(5), out var mode) ? mode : AnswerMode.Extractive,
            reader.IsDBNull(6) ? null : reader.GetString(6));
        return new AnswerEntry(
            id,
            scope,
            Enum.TryParse<AnswerKind>(reader.GetString(0), out var kind) ? kind : AnswerKind.Question,
            question,
            reader.GetString(2),
            answer,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            reader.IsDBNull(9) ? null : reader.GetString(9))
        {
            AskedIn = reader.IsDBNull(10) ? null : Visibility.FromKey(reader.GetString(10)),
        };
    }

    public Task<VoteOutcome> VoteAsync(ScopeId scope, AnswerId id, string voterId, Vote vote, CancellationToken cancellationToken) =>
        WithWriteLockAsync(() => VoteLockedAsync(scope, id, voterId, vote, cancellationToken), cancellationToken);

    /// <summary>Runs a write under the store's write lock (one writer at a time in this process; SQLite serialises processes).</summary>
    private async Task<T> WithWriteLockAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private Task WithWriteLockAsync(Func<Task> write, CancellationToken cancellationToken) =>
        WithWriteLockAsync(async () =>
        {
            await write().ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task<VoteOutcome> VoteLockedAsync(ScopeId scope, AnswerId id, string voterId, Vote vote, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await AnswerExistsAsync(connection, transaction, scope, id, cancellationToken).ConfigureAwait(false))
        {
            return VoteOutcome.UnknownAnswer;
        }

        var voter = Hash(voterId);
        var previous = await ScalarAsync(connection, transaction, "SELECT vote FROM votes WHERE scope = $scope AND answer_id = $id AND voter = $voter", cancellationToken,
            ("$scope", scope.Value), ("$id", id.Value), ("$voter", voter)).ConfigureAwait(false);
        if (previous is long existing && existing == (long)vote)
        {
            return VoteOutcome.Unchanged;
        }

        await ExecuteAsync(connection, transaction, """
            INSERT INTO votes (scope, answer_id, voter, vote, at) VALUES ($scope, $id, $voter, $vote, $at)
            ON CONFLICT (scope, answer_id, voter) DO UPDATE SET vote = excluded.vote, at = excluded.at,
                comment = CASE WHEN excluded.vote = 1 THEN NULL ELSE votes.comment END
            """, cancellationToken,
            ("$scope", scope.Value), ("$id", id.Value), ("$voter", voter), ("$vote", (long)vote), ("$at", _time.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return previous is null ? VoteOutcome.Recorded : VoteOutcome.Changed;
    }

    public Task<bool> CommentAsync(ScopeId scope, AnswerId id, string voterId, string comment, CancellationToken cancellationToken) =>
        WithWriteLockAsync(() => CommentLockedAsync(scope, id, voterId, comment, cancellationToken), cancellationToken);

    private async Task<bool> CommentLockedAsync(ScopeId scope, AnswerId id, string voterId, string comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await AnswerExistsAsync(connection, transaction, scope, id, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await ExecuteAsync(connection, transaction, """
            INSERT INTO votes (scope, answer_id, voter, vote, comment, at) VALUES ($scope, $id, $voter, -1, $comment, $at)
            ON CONFLICT (scope, answer_id, voter) DO UPDATE SET vote = -1, comment = excluded.comment, at = excluded.at
            """, cancellationToken,
            ("$scope", scope.Value), ("$id", id.Value), ("$voter", Hash(voterId)), ("$comment", comment), ("$at", _time.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<Conversation?> GetConversationAsync(ScopeId scope, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset started, updated;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT started_at, updated_at FROM conversations WHERE scope = $scope AND key = $key";
            command.Parameters.AddWithValue("$scope", scope.Value);
            command.Parameters.AddWithValue("$key", key);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            started = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0));
            updated = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
        }

        if (_time.GetUtcNow() - updated > _options.MaxAge)
        {
            return null;
        }

        var turns = new List<ConversationTurn>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT question, standalone, text, abstained, citations, at FROM turns WHERE scope = $scope AND key = $key ORDER BY n";
            command.Parameters.AddWithValue("$scope", scope.Value);
            command.Parameters.AddWithValue("$key", key);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                turns.Add(new ConversationTurn(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) == 1,
                    ReadCitations(reader.GetString(4)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
            }
        }

        return new Conversation(scope, key, started, updated, turns);
    }

    public Task<bool> StartConversationAsync(ScopeId scope, string key, ConversationTurn first, CancellationToken cancellationToken) =>
        WithWriteLockAsync(() => StartConversationLockedAsync(scope, key, first, cancellationToken), cancellationToken);

    private async Task<bool> StartConversationLockedAsync(ScopeId scope, string key, ConversationTurn first, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(first);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var updated = await ScalarAsync(connection, transaction, "SELECT updated_at FROM conversations WHERE scope = $scope AND key = $key", cancellationToken,
            ("$scope", scope.Value), ("$key", key)).ConfigureAwait(false);
        if (updated is long at && _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(at) <= _options.MaxAge)
        {
            return false;
        }

        // An expired conversation under the same key is replaced: the thread starts afresh.
        await ExecuteAsync(connection, transaction, "DELETE FROM turns WHERE scope = $scope AND key = $key", cancellationToken, ("$scope", scope.Value), ("$key", key)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO conversations (scope, key, started_at, updated_at) VALUES ($scope, $key, $now, $now)", cancellationToken,
            ("$scope", scope.Value), ("$key", key), ("$now", now)).ConfigureAwait(false);
        await InsertTurnAsync(connection, transaction, scope, key, 1, first, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task AppendTurnAsync(ScopeId scope, string key, ConversationTurn turn, CancellationToken cancellationToken) =>
        WithWriteLockAsync(() => AppendTurnLockedAsync(scope, key, turn, cancellationToken), cancellationToken);

    private async Task AppendTurnLockedAsync(ScopeId scope, string key, ConversationTurn turn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(turn);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var last = await ScalarAsync(connection, transaction, "SELECT MAX(n) FROM turns WHERE scope = $scope AND key = $key", cancellationToken,
            ("$scope", scope.Value), ("$key", key)).ConfigureAwait(false);
        var n = last is long l ? l + 1 : 1;
        if (n == 1)
        {
            await ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO conversations (scope, key, started_at, updated_at) VALUES ($scope, $key, $now, $now)", cancellationToken,
                ("$scope", scope.Value), ("$key", key), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
        }

        await InsertTurnAsync(connection, transaction, scope, key, n, turn, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "UPDATE conversations SET updated_at = $now WHERE scope = $scope AND key = $key", cancellationToken,
            ("$scope", scope.Value), ("$key", key), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<InsightsReport> GetInsightsAsync(ScopeId scope, DateTimeOffset since, int top, ReaderAudience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audience);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var from = since.ToUnixTimeMilliseconds();
        int asked = 0, answered = 0, abstained = 0, checks = 0, up = 0, down = 0;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT
                    COALESCE(SUM(kind <> 'Check'), 0),
                    COALESCE(SUM(kind <> 'Check' AND abstained = 0), 0),
                    COALESCE(SUM(kind <> 'Check' AND abstained = 1), 0),
                    COALESCE(SUM(kind = 'Check'), 0)
                FROM answers WHERE scope = $scope AND at >= $from;
                SELECT COALESCE(SUM(v.vote = 1), 0), COALESCE(SUM(v.vote = -1), 0)
                FROM votes v JOIN answers a ON a.scope = v.scope AND a.id = v.answer_id
                WHERE v.scope = $scope AND a.at >= $from;
                """;
            command.Parameters.AddWithValue("$scope", scope.Value);
            command.Parameters.AddWithValue("$from", from);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                (asked, answered, abstained, checks) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
            }

            if (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false) && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                (up, down) = (reader.GetInt32(0), reader.GetInt32(1));
            }
        }

        var unanswered = await ReadQuestionsAsync(connection, """
            SELECT question, at, NULL, asked_in FROM answers
            WHERE scope = $scope AND at >= $from AND abstained = 1 AND kind <> 'Check' ORDER BY at DESC LIMIT 5000
            """, scope, from, audience, cancellationToken).ConfigureAwait(false);
        var downVoted = await ReadQuestionsAsync(connection, """
            SELECT a.question, v.at, v.comment, a.asked_in FROM votes v JOIN answers a ON a.scope = v.scope AND a.id = v.answer_id
            WHERE v.scope = $scope AND a.at >= $from AND v.vote = -1 ORDER BY v.at DESC LIMIT 5000
            """, scope, from, audience, cancellationToken).ConfigureAwait(false);
        return new InsightsReport(scope, since, asked, answered, abstained, checks, up, down, Top(unanswered, top), Top(downVoted, top));
    }

    public void Dispose()
    {
        _database.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>How a question is grouped in the insights: case, spacing and closing punctuation do not matter.</summary>
    public static string NormalizeQuestion(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var words = question.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words).TrimEnd('?', '.', '!', ' ');
    }

    private static List<QuestionCount> Top(List<(string Question, DateTimeOffset At, string? Comment)> rows, int top) =>
        rows.GroupBy(r => NormalizeQuestion(r.Question), StringComparer.Ordinal)
            .Select(g => new QuestionCount(g.First().Question, g.Count(), g.Max(r => r.At), g.Where(r => !string.IsNullOrWhiteSpace(r.Comment)).Select(r => r.Comment).FirstOrDefault()))
            .OrderByDescending(q => q.Count)
            .ThenByDescending(q => q.LastAt)
            .Take(top)
            .ToList();

    /// <summary>
    /// The questions (with time and comment) of a query whose fourth column is <c>asked_in</c>, keeping those
    /// <paramref name="audience"/> may read where they were asked; a question of unknown origin (recorded before
    /// <c>asked_in</c> existed) only for an audience that reads everything.
    /// </summary>
    private static async Task<List<(string, DateTimeOffset, string?)>> ReadQuestionsAsync(SqliteConnection connection, string sql, ScopeId scope, long from, ReaderAudience audience, CancellationToken cancellationToken)
    {
        var rows = new List<(string, DateTimeOffset, string?)>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$scope", scope.Value);
        command.Parameters.AddWithValue("$from", from);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var readable = reader.IsDBNull(3) ? audience.SeesEverything : audience.CanSee(Visibility.FromKey(reader.GetString(3)));
            if (readable)
            {
                rows.Add((reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        return rows;
    }

    private async Task PruneAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var before = (_time.GetUtcNow() - _options.Retention).ToUnixTimeMilliseconds();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            DELETE FROM votes WHERE EXISTS (SELECT 1 FROM answers a WHERE a.scope = votes.scope AND a.id = votes.answer_id AND a.at < $before);
            DELETE FROM answers WHERE at < $before;
            DELETE FROM turns WHERE EXISTS (SELECT 1 FROM conversations c WHERE c.scope = turns.scope AND c.key = turns.key AND c.updated_at < $before);
            DELETE FROM conversations WHERE updated_at < $before;
            """, cancellationToken, ("$before", before)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task InsertTurnAsync(SqliteConnection connection, SqliteTransaction transaction, ScopeId scope, string key, long n, ConversationTurn turn, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            INSERT INTO turns (scope, key, n, question, standalone, text, abstained, citations, at)
            VALUES ($scope, $key, $n, $question, $standalone, $text, $abstained, $citations, $at)
            """, cancellationToken,
            ("$scope", scope.Value), ("$key", key), ("$n", n), ("$question", turn.Question), ("$standalone", turn.StandaloneQuestion), ("$text", turn.AnswerText),
            ("$abstained", turn.Abstained ? 1L : 0L), ("$citations", WriteCitations(turn.Citations)), ("$at", turn.At.ToUnixTimeMilliseconds()));

    private static async Task<bool> AnswerExistsAsync(SqliteConnection connection, SqliteTransaction transaction, ScopeId scope, AnswerId id, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, transaction, "SELECT 1 FROM answers WHERE scope = $scope AND id = $id", cancellationToken, ("$scope", scope.Value), ("$id", id.Value)).ConfigureAwait(false) is not null;

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await ScalarAsync(connection, null, "SELECT COUNT(*) FROM meta", cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw Failure(ex);
        }
    }

    /// <summary>
    /// A storage failure of this file, classified as the document store's are; a damaged file gets its own advice,
    /// since moving it aside loses only answers, votes and conversations, never documents.
    /// </summary>
    private StoreFailureException Failure(Exception exception)
    {
        var failure = exception is SqliteException sqlite ? StoreFailureException.FromSqlite(sqlite, DatabasePath) : StoreFailureException.FromIo(exception, DatabasePath);
        return failure.Kind != StoreFailureKind.Corrupt ? failure : new StoreFailureException(
            StoreFailureKind.Corrupt,
            $"The conversation database '{DatabasePath}' is damaged ({exception.Message.TrimEnd('.')}). Stop Briefer, move the file aside and start it again: answers, votes and follow-up threads start afresh; documents are not affected.",
            exception);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_database.IsInitialized)
        {
            return;
        }

        try
        {
            await _database.InitializeAsync(async (connection, transaction, token) =>
            {
                await ExecuteAsync(connection, transaction, Schema, token).ConfigureAwait(false);

                // Files made before answers recorded where they were asked gain the column; their rows stay NULL (unknown origin).
                await SqliteDatabase.AddColumnIfMissingAsync(connection, transaction, "answers", "asked_in", "TEXT", token).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO meta (key, value) VALUES ('hash_key', $key)", token,
                    ("$key", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)))).ConfigureAwait(false);
                var key = (string)(await ScalarAsync(connection, transaction, "SELECT value FROM meta WHERE key = 'hash_key'", token).ConfigureAwait(false))!;
                Volatile.Write(ref _hashKey, Convert.FromHexString(key));
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw Failure(ex);
        }
    }

    private string Hash(string id) => Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey!, Encoding.UTF8.GetBytes(id)))[..32];

    private static string WriteCitations(IReadOnlyList<Citation> citations) =>
        JsonSerializer.Serialize(citations.Select(c => new StoredCitation(c.N, c.DocumentId.Value, c.Title, c.Source, c.Quote, c.PublishedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Location, c.Stale)).ToList(),
            ConversationJsonContext.Default.ListStoredCitation);

    private static List<Citation> ReadCitations(string json) =>
        (JsonSerializer.Deserialize(json, ConversationJsonContext.Default.ListStoredCitation) ?? [])
            .Select(c => new Citation(c.N, new DocumentId(c.DocumentId), c.Title, c.Source, c.Quote,
                c.PublishedAt is null ? null : DateOnly.ParseExact(c.PublishedAt, "yyyy-MM-dd", CultureInfo.InvariantCulture), c.Location, c.Stale))
            .ToList();
}

/// <summary>A citation as stored in the conversation database.</summary>
/// <param name="Location">Where in the document (<c>p. 3</c>, a heading path); absent in answers stored before locations existed.</param>
internal sealed record StoredCitation(int N, string DocumentId, string Title, string Source, string Quote, string? PublishedAt, string? Location = null, bool Stale = false);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<StoredCitation>))]
internal sealed partial class ConversationJsonContext : JsonSerializerContext;
