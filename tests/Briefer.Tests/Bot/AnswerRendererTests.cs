using Briefer.Answers;
using Briefer.Bot;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Discord.Tests.Fakes;
using Briefer.Testing;

namespace Briefer.Tests.Bot;

public sealed class AnswerRendererTests
{
    [Fact]
    public void Answer_Abstained_SaysWhyInTheFooterAndListsNoSources()
    {
        var answer = new Answer("Why did the US call off the strike on Cuba?", ExtractiveAnswerComposer.AbstainText, true, [], AbstainReason: "no source mentions \"Cuba\"");

        var embed = Assert.Single(AnswerRenderer.Answer(answer).Embeds!);

        Assert.Equal(ExtractiveAnswerComposer.AbstainText, embed.Description);
        Assert.Equal("Why: no source mentions \"Cuba\"", embed.Footer!.Text);
        Assert.Empty(embed.Fields ?? []);
    }

    [Fact]
    public void SourcesButton_CitationWithLocationAndSignedUrl_NamesThePageAndHidesTheQuery()
    {
        var citation = new Citation(1, DocumentId.For(ScopeId.Local, "r"), "Annual report", "https://example.com/report.pdf?sig=SECRET#top", "Revenue rose 4 percent.", null, "p. 3");

        var embed = Assert.Single(Briefer.Bot.Citations.CitationsCommand.Render([citation]).Embeds!);

        Assert.Equal("[1] Annual report, p. 3", embed.Title);
        Assert.Equal("https://example.com/report.pdf", embed.Url);
        Assert.DoesNotContain("SECRET", embed.Description!, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_HugeTextAndManyCitations_StaysWithinEveryEmbedLimit()
    {
        var citations = Enumerable.Range(1, 120)
            .Select(n => new Citation(n, DocumentId.For(ScopeId.Local, "s" + n), new string('T', 300), "https://example.com/" + new string('p', 500), "q", new DateOnly(2026, 1, 1)))
            .ToList();
        var answer = new Answer(new string('Q', 400), new string('a', 9000) + " [1]", false, citations, Note: new string('n', 3000));

        var message = AnswerRenderer.Answer(answer);

        var embed = Assert.Single(message.Embeds!);
        Assert.True(embed.Title!.Length <= 256);
        Assert.True(embed.Description!.Length <= 4096);
        Assert.True((embed.Footer?.Text.Length ?? 0) <= 2048);
        Assert.True(embed.Fields!.Count <= 25);
        Assert.All(embed.Fields, f => Assert.True(f.Value.Length <= 1024 && f.Name.Length <= 256));
        var total = embed.Title.Length + embed.Description.Length + (embed.Footer?.Text.Length ?? 0) + embed.Fields.Sum(f => f.Name.Length + f.Value.Length);
        Assert.True(total <= 6000, $"embed total {total}");
        Assert.Contains("[1]", embed.Fields[0].Value, StringComparison.Ordinal);
        Assert.Empty(message.AllowedMentions!.Parse);
    }

    [SharedFact(OpenApiRequestValidator.SpecPath)]
    public void Answer_Serialized_PassesDiscordSchema()
    {
        var citation = new Citation(1, DocumentId.For(ScopeId.Local, "a"), "Title", "https://example.com/a", "quote", null);
        var message = AnswerRenderer.Answer(new Answer("q?", "@everyone text [1]", false, [citation]));

        var json = System.Text.Json.JsonSerializer.Serialize(message, Discord.DiscordJsonContext.Default.MessageParams);

        Assert.Empty(OpenApiRequestValidator.Validate("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", json));
        Assert.Contains("\"allowed_mentions\":{\"parse\":[]}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_DocumentMarkdownInText_EscapedButMarkersStayPlain()
    {
        var citation = new Citation(1, DocumentId.For(ScopeId.Local, "a"), "Title", "https://example.com/a", "quote", null);
        var text = "See [click here](https://evil.example) and **bold** ||spoiler|| `code` <@123> @everyone [1]";

        var description = AnswerRenderer.Answer(new Answer("q?", text, false, [citation])).Embeds![0].Description!;

        Assert.Contains(@"\[click here\]\(https://evil.example\)", description, StringComparison.Ordinal);
        Assert.Contains(@"\*\*bold\*\* \|\|spoiler\|\| \`code\` \<\@123\> \@everyone", description, StringComparison.Ordinal);
        Assert.EndsWith(" [1]", description, StringComparison.Ordinal);
        Assert.DoesNotContain("[click", description.Replace(@"\[click", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_MarkerFollowedByParenthesis_CannotBecomeMaskedLink()
    {
        var citation = new Citation(1, DocumentId.For(ScopeId.Local, "a"), "Title", "https://example.com/a", "quote", null);

        var description = AnswerRenderer.Answer(new Answer("q?", "Growth [1](https://evil.example)", false, [citation])).Embeds![0].Description!;

        Assert.Equal(@"Growth [1]\(https://evil.example\)", description);
    }

    [Fact]
    public void EscapeMarkdown_BlockSyntaxAtLineStart_Escaped()
    {
        var escaped = AnswerRenderer.EscapeMarkdown("# Heading\n- item\n  12. numbered\n> quote\n-# subtext\nrate 4.5 - fine");

        Assert.Equal("\\# Heading\n\\- item\n  12\\. numbered\n\\> quote\n\\-\\# subtext\nrate 4.5 - fine", escaped);
    }

    [Fact]
    public void Answer_TitleAndSourceWithMarkdown_EscapedInSourcesField()
    {
        var citation = new Citation(1, DocumentId.For(ScopeId.Local, "a"), "**Urgent** [read](https://evil.example)", "attachment:my_notes_v2.txt", "quote", null);

        var field = AnswerRenderer.Answer(new Answer("q?", "text [1]", false, [citation])).Embeds![0].Fields![0].Value;

        Assert.Equal(@"[1] \*\*Urgent\*\* \[read\]\(https://evil.example\) — my\_notes\_v2.txt", field);
    }

    [Fact]
    public void Answer_UrlSource_ShownAsAutolinkUnescaped()
    {
        var citation = new Citation(1, DocumentId.For(ScopeId.Local, "a"), "Title", "https://example.com/my_page-1.html", "quote", null);

        var field = AnswerRenderer.Answer(new Answer("q?", "text [1]", false, [citation])).Embeds![0].Fields![0].Value;

        Assert.Equal("[1] Title — <https://example.com/my_page-1.html>", field);
    }

    [Theory]
    [InlineData("/home/ops/docs/report.txt", "report.txt")]
    [InlineData(@"C:\Users\ops\docs\report.txt", "report.txt")]
    [InlineData(@"\\fileserver\share\plan.md", "plan.md")]
    [InlineData("file:///srv/briefer/notes.md", "notes.md")]
    [InlineData("attachment:notes.txt", "notes.txt")]
    [InlineData("https://example.com/a/report.html", "https://example.com/a/report.html")]
    [InlineData("http://example.com/", "http://example.com/")]
    public void DisplaySource_LocalPathsAndAttachments_FileNameOnlyUrlsKept(string source, string expected) =>
        Assert.Equal(expected, AnswerRenderer.DisplaySource(source));

    [Fact]
    public void Answer_LocalPathSource_ShowsFileNameOnly()
    {
        var citation = new Citation(1, DocumentId.For(ScopeId.Local, "a"), "Report", "/home/ops/docs/report.txt", "quote", null);

        var field = AnswerRenderer.Answer(new Answer("q?", "text [1]", false, [citation])).Embeds![0].Fields![0].Value;

        Assert.Equal("[1] Report — report.txt", field);
    }

    [Fact]
    public void Sources_LocalPathAndMarkdownTitle_FileNameOnlyAndEscaped()
    {
        var record = new DocumentRecord(DocumentId.For(ScopeId.Local, "/home/ops/docs/report.txt"), ScopeId.Local, "# Big ||secret||", "/home/ops/docs/report.txt", null, DateTimeOffset.UnixEpoch, "hash", 3, 100);

        var description = AnswerRenderer.Sources([record]).Embeds![0].Description!;

        Assert.DoesNotContain("/home/ops", description, StringComparison.Ordinal);
        Assert.Contains(@"**\# Big \|\|secret\|\|** — report.txt", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_TooLong_TrimmedTo2000()
    {
        var message = AnswerRenderer.Text(new string('x', 5000));

        Assert.Equal(2000, message.Content!.Length);
        Assert.EndsWith("…", message.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Trim_SurrogatePairAtCut_NotSplit()
    {
        var text = new string('a', 8) + "😀😀";

        var trimmed = AnswerRenderer.Trim(text, 10);

        Assert.False(char.IsHighSurrogate(trimmed[^2]));
    }
}
