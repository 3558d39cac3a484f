using System.Text;
using System.Text.Json;
using Briefer.Cli;

namespace Briefer.Tests.Cli;

public sealed class CliVerbTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "briefer-cli-files-" + Guid.NewGuid().ToString("N"));

    public CliVerbTests() => Directory.CreateDirectory(_work);

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Demo_FreshDataDirectory_PrintsACitedAnswer()
    {
        var result = await _cli.RunAsync("demo");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("[1]", result.Output, StringComparison.Ordinal);
        Assert.Contains("Sources:", result.Output, StringComparison.Ordinal);
        Assert.Contains("us-calls-off-second-strike.txt", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_SameFolderTwice_SecondRunIsUpToDate()
    {
        var first = await _cli.RunAsync("ingest", CliRunner.SamplesDirectory, "--json");
        var second = await _cli.RunAsync("ingest", CliRunner.SamplesDirectory, "--json");

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.All(first.Json().GetProperty("documents").EnumerateArray(), d => Assert.Equal("added", d.GetProperty("outcome").GetString()));
        Assert.All(second.Json().GetProperty("documents").EnumerateArray(), d => Assert.Equal("up-to-date", d.GetProperty("outcome").GetString()));
        Assert.Equal(Directory.GetFiles(CliRunner.SamplesDirectory).Length, second.Json().GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public async Task Ingest_ChangedFile_IsUpdatedAndOldTextIsGone()
    {
        var path = Path.Combine(_work, "note.txt");
        await File.WriteAllTextAsync(path, "Ferry timetable\nThe ferry to Brightwater leaves at nine every morning from pier four.");
        await _cli.RunAsync("ingest", path);
        await File.WriteAllTextAsync(path, "Ferry timetable\nThe ferry to Brightwater now leaves at eleven every morning from pier six.");

        var update = await _cli.RunAsync("ingest", path, "--json");
        var answer = (await _cli.RunAsync("ask", "When does the ferry to Brightwater leave?", "--json")).Json();

        Assert.Equal("updated", update.Json().GetProperty("documents")[0].GetProperty("outcome").GetString());
        Assert.Contains("eleven", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("nine", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_BadInputs_EachGetsOneLineAndGoodFilesAreStillIngested()
    {
        var folder = Path.Combine(_work, "mixed");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "good.txt"), "Library hours\nThe central library now opens at eight on weekdays.");
        await File.WriteAllTextAsync(Path.Combine(folder, "empty.txt"), string.Empty);
        await File.WriteAllBytesAsync(Path.Combine(folder, "binary.txt"), [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00]);
        await File.WriteAllBytesAsync(Path.Combine(folder, "latin1.txt"), Encoding.Latin1.GetBytes("Caf\u00e9 cr\u00e8me and cr\u00eapes are served all day long here."));
        var unsupported = Path.Combine(_work, "report.pdf");
        await File.WriteAllTextAsync(unsupported, "%PDF-1.7");
        var missing = Path.Combine(_work, "missing.txt");

        var result = await _cli.RunAsync("ingest", folder, unsupported, missing, "--json");
        var json = result.Json();
        var errors = json.GetProperty("errors").EnumerateArray().ToDictionary(e => Path.GetFileName(e.GetProperty("path").GetString()!), e => e.GetProperty("error").GetString()!);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Equal("good.txt", Path.GetFileName(Assert.Single(json.GetProperty("documents").EnumerateArray()).GetProperty("path").GetString()));
        Assert.Equal(["binary.txt", "empty.txt", "latin1.txt", "missing.txt", "report.pdf"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("empty", errors["empty.txt"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("binary", errors["binary.txt"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("UTF-8", errors["latin1.txt"], StringComparison.Ordinal);
        Assert.Contains("no such file", errors["missing.txt"], StringComparison.Ordinal);
        Assert.Contains(".pdf", errors["report.pdf"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_BadInputsWithoutJson_NamesEachFileOnStandardError()
    {
        var missing = Path.Combine(_work, "nowhere.md");

        var result = await _cli.RunAsync("ingest", missing);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains($"error: {missing}: no such file or folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_Json_HasTheDocumentedShape()
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory);

        var result = await _cli.RunAsync("ask", "Why did the US call off the second strike?", "--json");
        var json = result.Json();

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("Why did the US call off the second strike?", json.GetProperty("question").GetString());
        Assert.False(json.GetProperty("abstained").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("abstainReason").ValueKind);
        Assert.Equal("extractive", json.GetProperty("mode").GetString());
        var citations = json.GetProperty("citations").EnumerateArray().ToList();
        Assert.NotEmpty(citations);
        foreach (var citation in citations)
        {
            Assert.Contains($"[{citation.GetProperty("n").GetInt32()}]", json.GetProperty("answer").GetString(), StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f]{16}$", citation.GetProperty("documentId").GetString());
            Assert.False(string.IsNullOrEmpty(citation.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrEmpty(citation.GetProperty("source").GetString()));
            Assert.False(string.IsNullOrEmpty(citation.GetProperty("quote").GetString()));
            Assert.True(citation.TryGetProperty("publishedAt", out _));
        }
    }

    [Fact]
    public async Task Ask_EmptyQuestion_ExitsWithAClearError()
    {
        var result = await _cli.RunAsync("ask", "   ");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("The question is empty", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_AnotherScope_AbstainsWithoutCitations()
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory, "--scope", "123456789012345678");

        var json = (await _cli.RunAsync("ask", "Why did the US call off the second strike?", "--json")).Json();

        Assert.True(json.GetProperty("abstained").GetBoolean());
        Assert.Equal(0, json.GetProperty("citations").GetArrayLength());
        Assert.Equal("no documents are loaded in scope 'local'", json.GetProperty("abstainReason").GetString());
    }

    [Fact]
    public async Task Ask_QuestionAboutSomethingNoDocumentMentions_AbstainsAndSaysWhich()
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory);

        var json = (await _cli.RunAsync("ask", "Fresno is the capital of what state?", "--json")).Json();
        var text = await _cli.RunAsync("ask", "Fresno is the capital of what state?");

        Assert.True(json.GetProperty("abstained").GetBoolean());
        Assert.Equal("no source mentions \"Fresno\"", json.GetProperty("abstainReason").GetString());
        Assert.Contains("none covers it: no source mentions \"Fresno\".", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_Json_HasCitedBullets()
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory);

        var result = await _cli.RunAsync("brief", "Venezuela prisoner release", "--json");
        var json = result.Json();

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("Venezuela prisoner release", json.GetProperty("topic").GetString());
        var bullets = json.GetProperty("bullets").EnumerateArray().ToList();
        Assert.InRange(bullets.Count, 3, 7);
        var numbers = json.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("n").GetInt32()).ToHashSet();
        Assert.All(bullets, b => Assert.All(b.GetProperty("citations").EnumerateArray(), n => Assert.Contains(n.GetInt32(), numbers)));
    }

    [Fact]
    public async Task Brief_NewestFirst_DatedDocumentsLeadInDateOrder()
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory);

        var json = (await _cli.RunAsync("brief", "Venezuela", "--json")).Json();
        var dates = json.GetProperty("bullets").EnumerateArray()
            .Select(b => json.GetProperty("citations")[b.GetProperty("citations")[0].GetInt32() - 1].GetProperty("publishedAt"))
            .Where(d => d.ValueKind == JsonValueKind.String)
            .Select(d => d.GetString()!)
            .ToList();

        Assert.NotEmpty(dates);
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
    }

    [Fact]
    public async Task Brief_InvalidSince_UsageErrorWithTheAcceptedForms()
    {
        var result = await _cli.RunAsync("brief", "Venezuela", "--since", "last tuesday");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("7d", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_Json_ListsEachDocumentWithItsFields()
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory);

        var json = (await _cli.RunAsync("sources", "--json")).Json();
        var documents = json.GetProperty("documents").EnumerateArray().ToList();

        Assert.Equal("local", json.GetProperty("scope").GetString());
        Assert.Equal(Directory.GetFiles(CliRunner.SamplesDirectory).Length, documents.Count);
        var dated = Assert.Single(documents, d => d.GetProperty("source").GetString()!.EndsWith("heatwave-power-grid.txt", StringComparison.Ordinal));
        Assert.Equal("2025-07-15", dated.GetProperty("publishedAt").GetString());
        Assert.True(dated.GetProperty("chunks").GetInt32() > 0);
        Assert.True(dated.TryGetProperty("ingestedAt", out _));
    }

    [Fact]
    public async Task Forget_KnownDocument_RemovesItFromSourcesAndAnswers()
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory);
        var id = (await _cli.RunAsync("sources", "--json")).Json().GetProperty("documents").EnumerateArray()
            .Single(d => d.GetProperty("source").GetString()!.EndsWith("city-council-bike-lanes.txt", StringComparison.Ordinal))
            .GetProperty("id").GetString()!;

        var forget = await _cli.RunAsync("forget", id);
        var answer = (await _cli.RunAsync("ask", "How did the council vote on the Harbour Street bike lanes?", "--json")).Json();

        Assert.Equal(ExitCodes.Ok, forget.ExitCode);
        Assert.DoesNotContain(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("documentId").GetString() == id);
    }

    [Theory]
    [InlineData("0123456789abcdef", "No document 0123456789abcdef")]
    [InlineData("not-an-id", "is not a document id")]
    public async Task Forget_UnknownOrMalformedId_ExitsWithAClearError(string id, string expected)
    {
        var result = await _cli.RunAsync("forget", id);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_UnknownVerb_ExitsWithUsageCode()
    {
        var result = await _cli.RunAsync("summarize", "everything");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task Parse_InvalidScope_ExitsWithUsageCode()
    {
        var result = await _cli.RunAsync("sources", "--scope", "not a scope!");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Theory]
    [InlineData("channel:123", "channel:123")]
    [InlineData("role:9,role:7", "role:7,role:9")]
    [InlineData("everyone", "everyone")]
    public async Task Ingest_VisibleTo_StoresTheDocumentWithThatVisibility(string visibleTo, string stored)
    {
        var path = Path.Combine(_work, "roster.txt");
        await File.WriteAllTextAsync(path, "Staff roster\nThe roster lists who is on call each weekend.");

        var result = await _cli.RunAsync("ingest", path, "--visible-to", visibleTo);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal([stored], await StoredVisibilitiesAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ingest_AgainWithoutVisibleTo_KeepsTheStoredVisibility_EvenWhenTheTextChanged(bool changed)
    {
        var path = Path.Combine(_work, "roster.txt");
        await File.WriteAllTextAsync(path, "Staff roster\nThe roster lists who is on call each weekend.");
        Assert.Equal(ExitCodes.Ok, (await _cli.RunAsync("ingest", path, "--visible-to", "role:5")).ExitCode);
        if (changed)
        {
            await File.WriteAllTextAsync(path, "Staff roster\nThe roster lists who is on call each weekend and each holiday.");
        }

        var again = await _cli.RunAsync("ingest", path);

        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Equal(["role:5"], await StoredVisibilitiesAsync());

        // Saying it widens it, on purpose.
        Assert.Equal(ExitCodes.Ok, (await _cli.RunAsync("ingest", path, "--visible-to", "everyone")).ExitCode);
        Assert.Equal(["everyone"], await StoredVisibilitiesAsync());
    }

    [Theory]
    [InlineData("channel:general")]
    [InlineData("role:")]
    [InlineData("channel:1,channel:2")]
    [InlineData("mods")]
    [InlineData("role:0")]
    public async Task Ingest_VisibleToBadValue_OneLineSaysWhy_UsageExit_NothingWritten(string visibleTo)
    {
        var path = Path.Combine(_work, "roster.txt");
        await File.WriteAllTextAsync(path, "Staff roster\nThe roster lists who is on call each weekend.");

        var result = await _cli.RunAsync("ingest", path, "--visible-to", visibleTo);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var error = Assert.Single(result.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.Contains("visibility", StringComparison.Ordinal));
        Assert.StartsWith($"'{visibleTo}' is not a visibility: use 'everyone', 'channel:<id>' or 'role:<id>[,role:<id>…]' with numeric ids. See: ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.DataDirectory, "briefer.db")));
    }

    /// <summary>The visibility of every stored document, read straight from the data directory's database.</summary>
    private async Task<List<string>> StoredVisibilitiesAsync()
    {
        var visibilities = new List<string>();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_cli.DataDirectory, "briefer.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT visibility FROM documents";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            visibilities.Add(reader.GetString(0));
        }

        return visibilities;
    }
}
