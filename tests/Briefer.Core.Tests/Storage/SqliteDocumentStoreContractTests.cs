using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Storage;

/// <summary>The store contract, run against the embedded SQLite store in a temporary data directory.</summary>
public sealed class SqliteDocumentStoreContractTests(SqliteStoreFixture fixture)
    : DocumentStoreContract(fixture.Store), IClassFixture<SqliteStoreFixture>;

/// <summary>One SQLite store in a fresh temporary directory for the whole test class, deleted afterwards.</summary>
public sealed class SqliteStoreFixture : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "briefer-contract-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDocumentStore _store;

    public SqliteStoreFixture()
    {
        _store = new SqliteDocumentStore(
            Options.Create(new StoreOptions { DataDirectory = _directory }),
            DocumentStoreContract.Model,
            NullLogger<SqliteDocumentStore>.Instance);
    }

    public IDocumentStore Store => _store;

    public void Dispose()
    {
        _store.Dispose();

        // Pooled connections keep the file open on some platforms; clear the pool so the directory can go.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
