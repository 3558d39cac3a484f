using Briefer.Cli;

namespace Briefer.Tests.Cli;

/// <summary><c>sources</c> says which documents only some Discord readers may see (issue 20).</summary>
public sealed class SourcesVerbTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "briefer-sourcesverb-" + Guid.NewGuid().ToString("N"));

    public SourcesVerbTests() => Directory.CreateDirectory(_work);

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private async Task IngestAsync(string name, string text, params string[] options)
    {
        var path = Path.Combine(_work, name);
        await File.WriteAllTextAsync(path, text);
        Assert.Equal(ExitCodes.Ok, (await _cli.RunAsync(["ingest", path, .. options])).ExitCode);
    }

    [Theory]
    [InlineData("channel:123", "channel:123")]
    [InlineData("role:9,role:7", "role:7,role:9")]
    [InlineData("everyone", "everyone")]
    public async Task Sources_Json_SaysWhoMaySeeEachDocument(string visibleTo, string expected)
    {
        await IngestAsync("roster.txt", "Staff roster\nThe roster lists who is on call each weekend.", "--visible-to", visibleTo);

        var result = await _cli.RunAsync("sources", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var document = Assert.Single(result.Json().GetProperty("documents").EnumerateArray());
        Assert.Equal(expected, document.GetProperty("visibleTo").GetString());
    }

    [Fact]
    public async Task Sources_Text_MarksRestrictedDocumentsOnly()
    {
        await IngestAsync("roster.txt", "Staff roster\nThe roster lists who is on call each weekend.", "--visible-to", "channel:123");
        await IngestAsync("menu.txt", "Canteen menu\nSoup is served on Fridays.", "--visible-to", "role:9,role:7");
        await IngestAsync("hours.txt", "Opening hours\nThe office opens at eight.");

        var lines = (await _cli.RunAsync("sources")).Output.Split('\n');

        Assert.Contains("; in Discord visible only to readers of channel 123 (--visible-to channel:123)", LineAfter(lines, "Staff roster"), StringComparison.Ordinal);
        Assert.Contains("; in Discord visible only to roles 7, 9 (--visible-to role:7,role:9)", LineAfter(lines, "Canteen menu"), StringComparison.Ordinal);
        Assert.DoesNotContain("visible", LineAfter(lines, "Opening hours"), StringComparison.Ordinal);
    }

    private static string LineAfter(string[] lines, string title) =>
        lines[Array.FindIndex(lines, l => l.TrimEnd().EndsWith("  " + title, StringComparison.Ordinal)) + 1];
}
