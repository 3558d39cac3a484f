using System.Globalization;
using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Briefer.Discord.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Briefer.Digests;

/// <summary>
/// Digest schedules, their run state and the bullets they posted, in the data directory's SQLite file beside the
/// documents (whichever document store is configured). Runs are claimed with a lease: a conditional UPDATE that only one
/// worker can win, so two workers on one data directory never post the same run.
/// </summary>
public sealed class DigestScheduleStore(IOptions<StoreOptions> options) : IDisposable
{
    private const string Columns = "id, scope, channel_id, topic, cadence, at_time, time_zone, next_run_at, window_start, published_since, created_at, created_by, last_run_at, last_outcome, failures, disabled_reason";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS digest_schedules (
            id INTEGER PRIMARY KEY,
            scope TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            cadence TEXT NOT NULL,
            at_time TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            next_run_at INTEGER NOT NULL,
            window_start INTEGER NOT NULL,
            published_since TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            created_by TEXT NULL,
            last_run_at INTEGER NULL,
            last_outcome TEXT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            disabled_reason TEXT NULL,
            lease_owner TEXT NULL,
            lease_until INTEGER NULL);
        CREATE INDEX IF NOT EXISTS digest_schedules_by_scope ON digest_schedules (scope);
        CREATE INDEX IF NOT EXISTS digest_schedules_due ON digest_schedules (next_run_at) WHERE disabled_reason IS NULL;
        CREATE TABLE IF NOT EXISTS digest_bullets (
            schedule_id INTEGER NOT NULL REFERENCES digest_schedules (id) ON DELETE CASCADE,
            bullet_key TEXT NOT NULL,
            posted_at INTEGER NOT NULL,
            PRIMARY KEY (schedule_id, bullet_key)) WITHOUT ROWID;
        """;

    /// <summary>How long a posted bullet is remembered (a year of daily digests is ~2,500 keys).</summary>
    private static readonly TimeSpan BulletMemory = TimeSpan.FromDays(400);

    private readonly SqliteDatabase _database = new(Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "briefer.db"), options.Value.BusyTimeout);

    public async Task<DigestSchedule> AddAsync(DigestSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO digest_schedules (scope, channel_id, topic, cadence, at_time, time_zone, next_run_at, window_start, published_since, created_at, created_by)
            VALUES ($scope, $channel, $topic, $cadence, $at, $zone, $next, $start, $published, $created, $by)
            RETURNING id
            """;
        command.Parameters.AddWithValue("$scope", schedule.Scope.Value);
        command.Parameters.AddWithValue("$channel", schedule.Channel.ToString());
        command.Parameters.AddWithValue("$topic", schedule.Topic);
        command.Parameters.AddWithValue("$cadence", schedule.Recurrence.Every);
        command.Parameters.AddWithValue("$at", schedule.Recurrence.AtText);
        command.Parameters.AddWithValue("$zone", schedule.Recurrence.Zone.Id);
        command.Parameters.AddWithValue("$next", Ms(schedule.NextRunAt));
        command.Parameters.AddWithValue("$start", Ms(schedule.WindowStart));
        command.Parameters.AddWithValue("$published", Date(schedule.PublishedSince));
        command.Parameters.AddWithValue("$created", Ms(schedule.CreatedAt));
        command.Parameters.AddWithValue("$by", (object?)schedule.CreatedBy?.ToString() ?? DBNull.Value);
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return schedule with { Id = new DigestScheduleId(id) };
    }

    public async Task<IReadOnlyList<DigestSchedule>> ListAsync(ScopeId scope, CancellationToken cancellationToken) =>
        await QueryAsync("WHERE scope = $scope ORDER BY id", c => c.Parameters.AddWithValue("$scope", scope.Value), cancellationToken).ConfigureAwait(false);

    public async Task<DigestSchedule?> GetAsync(DigestScheduleId id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = $id", c => c.Parameters.AddWithValue("$id", id.Value), cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    /// <summary>Enabled schedules due at <paramref name="now"/> that no worker holds, earliest first.</summary>
    public async Task<IReadOnlyList<DigestSchedule>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            "WHERE disabled_reason IS NULL AND next_run_at <= $now AND (lease_until IS NULL OR lease_until <= $now) ORDER BY next_run_at LIMIT $limit",
            c =>
            {
                c.Parameters.AddWithValue("$now", Ms(now));
                c.Parameters.AddWithValue("$limit", limit);
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>When the next enabled schedule is due (or its lease ends), or null when there is none.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT min(max(next_run_at, coalesce(lease_until, 0))) FROM digest_schedules WHERE disabled_reason IS NULL";
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task<bool> RemoveAsync(ScopeId scope, DigestScheduleId id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM digest_schedules WHERE id = $id AND scope = $scope";
        command.Parameters.AddWithValue("$id", id.Value);
        command.Parameters.AddWithValue("$scope", scope.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Claims a run for <paramref name="owner"/> until <paramref name="until"/>: succeeds for exactly one worker, and only
    /// while no other worker holds the schedule and (when <paramref name="dueAt"/> is given) the run is still the one due
    /// then — a run another worker already completed has moved on and cannot be claimed again.
    /// </summary>
    public async Task<bool> TryLeaseAsync(DigestScheduleId id, DateTimeOffset? dueAt, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE digest_schedules SET lease_owner = $owner, lease_until = $until
            WHERE id = $id AND (lease_until IS NULL OR lease_until <= $now) AND ($due IS NULL OR (next_run_at = $due AND disabled_reason IS NULL))
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$until", Ms(until));
        command.Parameters.AddWithValue("$id", id.Value);
        command.Parameters.AddWithValue("$now", Ms(now));
        command.Parameters.AddWithValue("$due", dueAt is { } due ? Ms(due) : DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlySet<string>> PostedBulletsAsync(DigestScheduleId id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT bullet_key FROM digest_bullets WHERE schedule_id = $id";
        command.Parameters.AddWithValue("$id", id.Value);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <summary>
    /// Records a run <paramref name="owner"/> holds, in one transaction: the new window and next run, the outcome, the
    /// bullets posted; and releases the lease. False when the lease was lost (it expired and another worker took it).
    /// </summary>
    public async Task<bool> CompleteAsync(DigestSchedule updated, string owner, IReadOnlyList<string> postedBullets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(postedBullets);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE digest_schedules SET next_run_at = $next, window_start = $start, published_since = $published, last_run_at = $last,
                    last_outcome = $outcome, failures = $failures, disabled_reason = $disabled, lease_owner = NULL, lease_until = NULL
                WHERE id = $id AND lease_owner = $owner
                """;
            command.Parameters.AddWithValue("$next", Ms(updated.NextRunAt));
            command.Parameters.AddWithValue("$start", Ms(updated.WindowStart));
            command.Parameters.AddWithValue("$published", Date(updated.PublishedSince));
            command.Parameters.AddWithValue("$last", updated.LastRunAt is { } last ? Ms(last) : DBNull.Value);
            command.Parameters.AddWithValue("$outcome", (object?)updated.LastOutcome ?? DBNull.Value);
            command.Parameters.AddWithValue("$failures", updated.Failures);
            command.Parameters.AddWithValue("$disabled", (object?)updated.DisabledReason ?? DBNull.Value);
            command.Parameters.AddWithValue("$id", updated.Id.Value);
            command.Parameters.AddWithValue("$owner", owner);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO digest_bullets (schedule_id, bullet_key, posted_at) VALUES ($id, $key, $at)";
            insert.Parameters.AddWithValue("$id", updated.Id.Value);
            insert.Parameters.AddWithValue("$at", Ms(updated.LastRunAt ?? DateTimeOffset.UnixEpoch));
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            foreach (var bullet in postedBullets)
            {
                key.Value = bullet;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var prune = connection.CreateCommand())
        {
            prune.Transaction = transaction;
            prune.CommandText = "DELETE FROM digest_bullets WHERE schedule_id = $id AND posted_at < $before";
            prune.Parameters.AddWithValue("$id", updated.Id.Value);
            prune.Parameters.AddWithValue("$before", Ms((updated.LastRunAt ?? DateTimeOffset.UnixEpoch) - BulletMemory));
            await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Releases a lease without recording a run (e.g. the worker is stopping mid-run).</summary>
    public async Task ReleaseAsync(DigestScheduleId id, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE digest_schedules SET lease_owner = NULL, lease_until = NULL WHERE id = $id AND lease_owner = $owner";
        command.Parameters.AddWithValue("$id", id.Value);
        command.Parameters.AddWithValue("$owner", owner);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<DigestSchedule>> QueryAsync(string where, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM digest_schedules {where}";
        bind(command);
        var schedules = new List<DigestSchedule>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            schedules.Add(Read(reader));
        }

        return schedules;
    }

    private static DigestSchedule Read(SqliteDataReader reader)
    {
        var id = new DigestScheduleId(reader.GetInt64(0));
        if (!DigestRecurrence.TryParse(reader.GetString(4), reader.GetString(5), reader.GetString(6), out var recurrence, out var error))
        {
            throw new InvalidOperationException($"Digest schedule {id} in the database is damaged: {error}");
        }

        return new DigestSchedule(
            id,
            new ScopeId(reader.GetString(1)),
            new ChannelId(ulong.Parse(reader.GetString(2), CultureInfo.InvariantCulture)),
            reader.GetString(3),
            recurrence!,
            At(reader.GetInt64(7)),
            At(reader.GetInt64(8)),
            DateOnly.ParseExact(reader.GetString(9), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            At(reader.GetInt64(10)),
            reader.IsDBNull(11) ? null : new UserId(ulong.Parse(reader.GetString(11), CultureInfo.InvariantCulture)),
            reader.IsDBNull(12) ? null : At(reader.GetInt64(12)),
            reader.IsDBNull(13) ? null : reader.GetString(13),
            reader.GetInt32(14),
            reader.IsDBNull(15) ? null : reader.GetString(15));
    }

    /// <summary>Opens the file (through <see cref="SqliteDatabase"/>, as the document store does), creating the tables on first use.</summary>
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _database.InitializeAsync((connection, transaction, token) => SqliteDatabase.ExecuteAsync(connection, transaction, Schema, token), cancellationToken).ConfigureAwait(false);
        return await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _database.Dispose();

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
