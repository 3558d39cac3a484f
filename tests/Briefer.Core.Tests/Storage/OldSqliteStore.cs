using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Storage;

/// <summary>
/// The set-up the SQLite migration tests share: a temporary data directory, the store opened on it, and a way to turn
/// its file back into what an older Briefer wrote (raw SQL run with every pooled connection closed, before and after).
/// </summary>
internal sealed class OldSqliteStore : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "briefer-migrate-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(Directory, "briefer.db");

    /// <summary>A store on the directory, as Briefer opens it (the contract suite's model).</summary>
    public SqliteDocumentStore Open() =>
        new(Options.Create(new StoreOptions { DataDirectory = Directory }), DocumentStoreContract.Model, NullLogger<SqliteDocumentStore>.Instance);

    /// <summary>Runs <paramref name="sql"/> on the file (dropping columns and indexes, setting an older schema_version).</summary>
    public async Task RewindAsync(string sql)
    {
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection("Data Source=" + DatabasePath))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>A unit vector along <paramref name="axis"/> in the model's dimensions.</summary>
    public static float[] Unit(int axis)
    {
        var vector = new float[DocumentStoreContract.Model.Dimensions];
        vector[axis] = 1;
        return vector;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
