using Briefer.Bot;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Discord.Tests.Fakes;

namespace Briefer.Tests.Bot;

public sealed class AnswerRendererTests
{
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

    [Fact]
    public void Answer_Serialized_PassesDiscordSchema()
    {
        var citation = new Citation(1, DocumentId.For(ScopeId.Local, "a"), "Title", "https://example.com/a", "quote", null);
        var message = AnswerRenderer.Answer(new Answer("q?", "@everyone text [1]", false, [citation]));

        var json = System.Text.Json.JsonSerializer.Serialize(message, Discord.DiscordJsonContext.Default.MessageParams);

        Assert.Empty(OpenApiRequestValidator.Validate("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", json));
        Assert.Contains("\"allowed_mentions\":{\"parse\":[]}", json, StringComparison.Ordinal);
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
