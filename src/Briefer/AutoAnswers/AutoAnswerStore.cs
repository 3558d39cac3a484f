using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Briefer.Discord.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Briefer.AutoAnswers;

/// <summary>
/// Automatic-answer configuration per server (scope), the questions already handled (so a post is answered at most once,
/// across restarts), the answers posted (for their buttons), votes and events for <c>/insights</c>, in the data
/// directory's SQLite file beside the documents, as the digest schedules are.
/// </summary>
public sealed class AutoAnswerStore(IOptions<StoreOptions> options) : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS autoanswer_channels (
            scope TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            mode TEXT NOT NULL,
            handoff_role TEXT NULL,
            min_confidence REAL NULL,
            review_channel TEXT NULL,
            created_at INTEGER NOT NULL,
            created_by TEXT NULL,
            PRIMARY KEY (scope, channel_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS autoanswer_handled (
            scope TEXT NOT NULL,
            question_key TEXT NOT NULL,
            handled_at INTEGER NOT NULL,
            PRIMARY KEY (scope, question_key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS autoanswer_answers (
            answer_id TEXT PRIMARY KEY,
            scope TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            in_thread INTEGER NOT NULL,
            asker TEXT NOT NULL,
            handoff_role TEXT NULL,
            posted_at INTEGER NOT NULL,
            help_at INTEGER NULL,
            solved_at INTEGER NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS autoanswer_votes (
            answer_id TEXT NOT NULL,
            voter TEXT NOT NULL,
            vote INTEGER NOT NULL,
            PRIMARY KEY (answer_id, voter)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS autoanswer_events (
            scope TEXT NOT NULL,
            kind TEXT NOT NULL,
            at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS autoanswer_events_by_scope ON autoanswer_events (scope, at);
        CREATE TABLE IF NOT EXISTS autoanswer_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>The state key under which a refused Message Content intent is remembered (for <c>doctor --bot</c>).</summary>
    public const string MessageContentRefusedKey = "message_content_refused_at";

    private readonly string _path = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "briefer.db");
    private readonly int _busyTimeoutMs = (int)options.Value.BusyTimeout.TotalMilliseconds;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Adds a channel, or replaces its settings; true when it was new.</summary>
    public async Task<bool> UpsertChannelAsync(AutoAnswerChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var existed = await ExecuteScalarAsync(connection, "SELECT count(*) FROM autoanswer_channels WHERE scope = $scope AND channel_id = $channel",
            [("$scope", channel.Scope.Value), ("$channel", channel.Channel.ToString())], cancellationToken).ConfigureAwait(false) is long n && n > 0;
        await ExecuteAsync(connection, """
            INSERT OR REPLACE INTO autoanswer_channels (scope, channel_id, mode, handoff_role, min_confidence, review_channel, created_at, created_by)
            VALUES ($scope, $channel, $mode, $role, $min, $review, $at, $by)
            """,
            [
                ("$scope", channel.Scope.Value), ("$channel", channel.Channel.ToString()), ("$mode", channel.Mode.ToString()),
                ("$role", channel.HandoffRole?.ToString()), ("$min", channel.MinConfidence), ("$review", channel.ReviewChannel?.ToString()),
                ("$at", channel.CreatedAt.ToUnixTimeMilliseconds()), ("$by", channel.CreatedBy?.ToString()),
            ], cancellationToken).ConfigureAwait(false);
        return !existed;
    }

    public async Task<bool> RemoveChannelAsync(ScopeId scope, ChannelId channel, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, "DELETE FROM autoanswer_channels WHERE scope = $scope AND channel_id = $channel",
            [("$scope", scope.Value), ("$channel", channel.ToString())], cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<AutoAnswerChannel>> ListChannelsAsync(ScopeId? scope, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT scope, channel_id, mode, handoff_role, min_confidence, review_channel, created_at, created_by FROM autoanswer_channels"
            + (scope is null ? string.Empty : " WHERE scope = $scope") + " ORDER BY scope, created_at";
        if (scope is { } s)
        {
            command.Parameters.AddWithValue("$scope", s.Value);
        }

        var channels = new List<AutoAnswerChannel>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            channels.Add(new AutoAnswerChannel(
                new ScopeId(reader.GetString(0)),
                new ChannelId(ulong.Parse(reader.GetString(1), CultureInfo.InvariantCulture)),
                Enum.Parse<AutoAnswerMode>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : new RoleId(ulong.Parse(reader.GetString(3), CultureInfo.InvariantCulture)),
                reader.IsDBNull(4) ? null : reader.GetDouble(4),
                reader.IsDBNull(5) ? null : new ChannelId(ulong.Parse(reader.GetString(5), CultureInfo.InvariantCulture)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : new UserId(ulong.Parse(reader.GetString(7), CultureInfo.InvariantCulture))));
        }

        return channels;
    }

    /// <summary>Claims a question (a forum post, a message) for its one automatic answer; false when it was handled already.</summary>
    public async Task<bool> TryClaimAsync(ScopeId scope, string questionKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, "INSERT OR IGNORE INTO autoanswer_handled (scope, question_key, handled_at) VALUES ($scope, $key, $at)",
            [("$scope", scope.Value), ("$key", questionKey), ("$at", at.ToUnixTimeMilliseconds())], cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task RecordAnswerAsync(AutoAnswerRecord answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            INSERT OR IGNORE INTO autoanswer_answers (answer_id, scope, channel_id, in_thread, asker, handoff_role, posted_at)
            VALUES ($id, $scope, $channel, $thread, $asker, $role, $at)
            """,
            [
                ("$id", answer.AnswerId), ("$scope", answer.Scope.Value), ("$channel", answer.Channel.ToString()), ("$thread", answer.Thread ? 1 : 0),
                ("$asker", answer.Asker.ToString()), ("$role", answer.HandoffRole?.ToString()), ("$at", answer.PostedAt.ToUnixTimeMilliseconds()),
            ], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The automatic answer with this answer id in <paramref name="scope"/>; null when it is not one.</summary>
    public async Task<AutoAnswerRecord?> FindAnswerAsync(ScopeId scope, string answerId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT channel_id, in_thread, asker, handoff_role, posted_at FROM autoanswer_answers WHERE answer_id = $id AND scope = $scope";
        command.Parameters.AddWithValue("$id", answerId);
        command.Parameters.AddWithValue("$scope", scope.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new AutoAnswerRecord(answerId, scope, new ChannelId(ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture)), reader.GetInt64(1) == 1,
                new UserId(ulong.Parse(reader.GetString(2), CultureInfo.InvariantCulture)),
                reader.IsDBNull(3) ? null : new RoleId(ulong.Parse(reader.GetString(3), CultureInfo.InvariantCulture)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)))
            : null;
    }

    /// <summary>Marks the answer's "Still need help?" as used, or its Solved tag as applied; false when it already was.</summary>
    public async Task<bool> TryMarkAsync(string answerId, AutoAnswerMark mark, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var column = mark == AutoAnswerMark.Help ? "help_at" : "solved_at";
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, $"UPDATE autoanswer_answers SET {column} = $at WHERE answer_id = $id AND {column} IS NULL",
            [("$id", answerId), ("$at", at.ToUnixTimeMilliseconds())], cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Records a member's vote on an automatic answer (their latest vote counts); the member is stored as a hash.</summary>
    public async Task RecordVoteAsync(string answerId, string voter, bool up, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "INSERT OR REPLACE INTO autoanswer_votes (answer_id, voter, vote) VALUES ($id, $voter, $vote)",
            [("$id", answerId), ("$voter", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(voter)))[..32]), ("$vote", up ? 1 : -1)], cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordEventAsync(ScopeId scope, AutoAnswerEvent kind, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "INSERT INTO autoanswer_events (scope, kind, at) VALUES ($scope, $kind, $at)",
            [("$scope", scope.Value), ("$kind", kind.ToString()), ("$at", at.ToUnixTimeMilliseconds())], cancellationToken).ConfigureAwait(false);
    }

    public async Task<AutoAnswerInsights> InsightsAsync(ScopeId scope, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT kind, count(*) FROM autoanswer_events WHERE scope = $scope AND at >= $since GROUP BY kind";
            command.Parameters.AddWithValue("$scope", scope.Value);
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        int up = 0, down = 0;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT v.vote, count(*) FROM autoanswer_votes v JOIN autoanswer_answers a ON a.answer_id = v.answer_id
                WHERE a.scope = $scope AND a.posted_at >= $since GROUP BY v.vote
                """;
            command.Parameters.AddWithValue("$scope", scope.Value);
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetInt64(0) > 0)
                {
                    up = reader.GetInt32(1);
                }
                else
                {
                    down = reader.GetInt32(1);
                }
            }
        }

        int Count(AutoAnswerEvent kind) => counts.GetValueOrDefault(kind.ToString());
        return new AutoAnswerInsights(Count(AutoAnswerEvent.Posted), Count(AutoAnswerEvent.HandOff), Count(AutoAnswerEvent.Suggested), up, down, Count(AutoAnswerEvent.Solved), Count(AutoAnswerEvent.StillNeedHelp));
    }

    public async Task<string?> GetStateAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteScalarAsync(connection, "SELECT value FROM autoanswer_state WHERE key = $key", [("$key", key)], cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>Sets (or, with null, clears) a piece of state.</summary>
    public async Task SetStateAsync(string key, string? value, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, value is null ? "DELETE FROM autoanswer_state WHERE key = $key" : "INSERT OR REPLACE INTO autoanswer_state (key, value) VALUES ($key, $value)",
            [("$key", key), ("$value", value)], cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _initLock.Dispose();

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ExecuteScalarAsync(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed statements; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString());
        try
        {
            if (!_initialized)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            }

            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMs.ToString(CultureInfo.InvariantCulture)};";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!_initialized)
            {
                await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (!_initialized)
                    {
                        await using var command = connection.CreateCommand();
                        command.CommandText = "PRAGMA journal_mode=WAL; " + Schema;
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        _initialized = true;
                    }
                }
                finally
                {
                    _initLock.Release();
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

/// <summary>What <see cref="AutoAnswerStore.TryMarkAsync"/> marks on an automatic answer.</summary>
public enum AutoAnswerMark
{
    Help,
    Solved,
}
