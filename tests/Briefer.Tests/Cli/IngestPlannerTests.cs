using Briefer.Cli;

namespace Briefer.Tests.Cli;

/// <summary>
/// Folders and files that cannot be read, and arguments that are URLs of other schemes. Tests run as root, which reads
/// every folder whatever its mode, so the permission failure is injected where the folder is listed.
/// </summary>
public sealed class IngestPlannerTests : IDisposable
{
    private static readonly string[] Supported = [".txt", ".md"];
    private readonly CliRunner _cli = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "briefer-plan-" + Guid.NewGuid().ToString("N"));

    public IngestPlannerTests() => Directory.CreateDirectory(_work);

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public void Plan_SubfolderThatCannotBeListed_OneErrorSayingPermissionDeniedAndTheRestRead()
    {
        var secret = Directory.CreateDirectory(Path.Combine(_work, "secret")).FullName;
        File.WriteAllText(Path.Combine(secret, "hidden.txt"), "Hidden\nNot for this user.");
        File.WriteAllText(Path.Combine(_work, "open.txt"), "Open\nFor everyone.");

        var plan = IngestPlanner.Plan([_work], Supported, DeniedIn(secret));

        var error = Assert.Single(plan.Errors);
        Assert.Equal(secret, error.Path);
        Assert.StartsWith("cannot read this folder: permission denied.", error.Error, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(_work, "open.txt"), Assert.Single(plan.Items).Path);
    }

    [Fact]
    public void Plan_FolderItselfCannotBeListed_AnErrorNotAnEmptyFolder()
    {
        var plan = IngestPlanner.Plan([_work], Supported, DeniedIn(_work));

        Assert.Empty(plan.Items);
        Assert.Equal(_work, Assert.Single(plan.Errors).Path);
    }

    [Fact]
    public void CannotRead_PermissionDenied_OneLineWithWhatToDo()
    {
        var line = IngestPlanner.CannotRead("file", new UnauthorizedAccessException("Access to the path '/x/a.txt' is denied."));

        Assert.Equal("cannot read this file: permission denied. Give the user Briefer runs as read access to it, or leave it out.", line);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "give a file on this machine as its path (/etc/passwd)")]
    [InlineData("ftp://example.com/report.txt", "not ftp:")]
    [InlineData("javascript:alert(1)", "not javascript:")]
    public async Task Ingest_UrlOfAnotherScheme_OneLineNamingTheSchemesBrieferFetches(string argument, string detail)
    {
        var result = await _cli.RunAsync("ingest", argument);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("Briefer fetches only http:// and https:// addresses", line, StringComparison.Ordinal);
        Assert.Contains(detail, line, StringComparison.Ordinal);
        Assert.DoesNotContain("no such file", line, StringComparison.Ordinal);
    }

    /// <summary>Lists folders as the file system does, except <paramref name="denied"/>, which fails as a chmod 000 folder does.</summary>
    private static Func<string, IEnumerable<FileSystemInfo>> DeniedIn(string denied) => folder =>
        Path.GetFullPath(folder) == Path.GetFullPath(denied)
            ? throw new UnauthorizedAccessException($"Access to the path '{folder}' is denied.")
            : new DirectoryInfo(folder).EnumerateFileSystemInfos();
}
