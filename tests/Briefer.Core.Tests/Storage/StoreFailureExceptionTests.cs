using Briefer.Core.Storage;

namespace Briefer.Core.Tests.Storage;

public sealed class StoreFailureExceptionTests
{
    [Fact]
    public void FromIo_DataDirectoryIsAFile_SaysSoWithoutTheRuntimesMessage()
    {
        var file = Path.GetTempFileName();
        try
        {
            var failure = StoreFailureException.FromIo(new IOException($"The file '{file}' already exists."), Path.Combine(file, "briefer.db"));

            Assert.Equal($"Briefer cannot keep its data under '{file}': it is a file, not a folder. Choose a folder with --data-dir or BRIEFER_DATA_DIR.", failure.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void FromSqlite_NotADatabase_NamesTheErrorCodeOnce()
    {
        var failure = StoreFailureException.FromSqlite(new Microsoft.Data.Sqlite.SqliteException("SQLite Error 26: 'file is not a database'.", 26), "briefer.db");

        Assert.Equal(StoreFailureKind.Corrupt, failure.Kind);
        Assert.Contains("(SQLite error 26: 'file is not a database')", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromIo_OtherError_KeepsTheDetail()
    {
        var failure = StoreFailureException.FromIo(new IOException("Input/output error"), Path.Combine(Path.GetTempPath(), "briefer-none", "briefer.db"));

        Assert.Contains("Input/output error", failure.Message, StringComparison.Ordinal);
    }
}
