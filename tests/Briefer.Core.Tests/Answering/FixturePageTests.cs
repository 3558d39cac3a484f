using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering;

/// <summary>
/// A made-up project's page (Fixtures/zephyrq.md: platforms, a Markdown option table, an "Auth" section) read by the
/// Markdown extractor as ingestion reads it, then cut into units and put to the key-term gate as one retrieved chunk.
/// </summary>
public sealed class FixturePageTests
{
    private static readonly ExtractedDocument Page = new MarkdownExtractor().Extract(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Answering", "Fixtures", "zephyrq.md")), "zephyrq.md");

    private static RetrievedChunk WholePage() =>
        new(new DocumentId("feedfacefeedface"), Page.Title, "zephyrq.md", null, 0, 0, Page.Text.Length, Page.Text, 1, 5.0, 0.6)
        {
            Blocks = Page.Blocks,
        };

    private static string? MissingKeyTerm(string question)
    {
        var analysis = QuestionAnalyzer.Analyze(question);
        return AbstainReasons.MissingKeyTerm(analysis, AnswerFeatures.Build(analysis, [WholePage()]));
    }

    [Fact]
    public void From_OptionTable_HeaderRowIsNeverAUnit()
    {
        var rows = SentenceCandidates.From([WholePage()]).Where(u => u.Kind == BlockKind.TableRow).ToList();

        Assert.Equal(4, rows.Count);
        Assert.DoesNotContain(rows, r => r.Text.StartsWith("Option", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.StartsWith("Option: ", r.DisplayText, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("does zephyrq run on macos?", "macos")]
    [InlineData("is there a zephyrq build for freebsd", "freebsd")]
    [InlineData("does zephyrq run on windos", null)]
    [InlineData("whats the default heartbeat", null)]
    [InlineData("can i change the zstd level", null)]
    [InlineData("where do i put the auth token", null)]
    [InlineData("ok so i opened zephyrq.toml and got confused, how do i set the retention pls", null)]
    public void MissingKeyTerm_QuestionsAboutThePage_NameOnlyWordsItNeverWrites(string question, string? missing)
    {
        Assert.Equal(missing is null ? null : $"no source mentions \"{missing}\"", MissingKeyTerm(question));
    }
}
