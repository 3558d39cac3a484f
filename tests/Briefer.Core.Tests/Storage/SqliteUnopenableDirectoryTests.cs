using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;

namespace Briefer.Core.Tests.Storage;

/// <summary>A data directory this user may not look into is said to be that, never "no database yet" (File.Exists is false there).</summary>
public sealed class SqliteUnopenableDirectoryTests
{
    [Fact]
    public void Unopenable_ListingDenied_SaysPermissionDeniedAndWhatToDo()
    {
        var failure = SqliteDocumentStore.Unopenable("/srv/briefer", _ => throw new UnauthorizedAccessException("Access to the path '/srv/briefer' is denied."));

        Assert.NotNull(failure);
        Assert.Equal(StoreFailureKind.ReadOnly, failure.Kind);
        Assert.Equal("This user cannot open the data directory '/srv/briefer' (permission denied). Give the user Briefer runs as read and write access to it, or choose another folder with --data-dir or BRIEFER_DATA_DIR.", failure.Message);
    }

    [Fact]
    public void Unopenable_ListableFolder_Null()
    {
        Assert.Null(SqliteDocumentStore.Unopenable(Path.GetTempPath()));
    }
}
