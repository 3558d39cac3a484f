using System.Text.Json;
using Briefer.Cli;

namespace Briefer.Tests.Cli;

/// <summary>The README's JSON examples have the fields, in the order, that the verbs really write.</summary>
public sealed class ReadmeJsonTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task AskJson_ReadmeExample_HasTheFieldsOfTheRealOutput()
    {
        var sample = Path.Combine(CliRunner.SamplesDirectory, "us-calls-off-second-strike.txt");
        Assert.Equal(ExitCodes.Ok, (await _cli.RunAsync("ingest", sample)).ExitCode);

        var real = (await _cli.RunAsync("ask", "Why did the US call off the second strike?", "--json")).Json();

        Assert.False(real.GetProperty("abstained").GetBoolean());
        Assert.Equal(Shape(ReadmeExample("`ask --json`:")), Shape(real));
    }

    /// <summary>Every property path, objects' properties in order, arrays by their first element.</summary>
    private static List<string> Shape(JsonElement element, string path = "")
    {
        var paths = new List<string>();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    paths.Add(path + "." + property.Name);
                    paths.AddRange(Shape(property.Value, path + "." + property.Name));
                }

                break;
            case JsonValueKind.Array when element.GetArrayLength() > 0:
                paths.AddRange(Shape(element[0], path + "[]"));
                break;
        }

        return paths;
    }

    private static JsonElement ReadmeExample(string heading)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf(heading + "\n\n```json\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no JSON example under {heading}");
        start = readme.IndexOf('\n', readme.IndexOf("```json", start, StringComparison.Ordinal)) + 1;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(readme[start..end]);
        return document.RootElement.Clone();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Briefer.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("No Briefer.slnx above the tests.");
    }
}
