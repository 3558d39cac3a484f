using Briefer.Answers;
using Briefer.Core;
using Briefer.Core.Answering;
using System.Text.RegularExpressions;
using Briefer.Core.Documents;

namespace Briefer.Tests.Answers;

public sealed class QuotedTextTests
{
    [Fact]
    public void Plain_CodeQuoteFollowedByAnotherQuote_MarkerStartsItsLineWithoutASpace()
    {
        const string code = "Install it with:\nsudo apt install relayd";
        const string prose = "On macOS, use Homebrew instead.";
        var id = new DocumentId("abababababababab");
        var answer = new Answer("how do i install relayd", $"{code} [1] {prose} [2]", false,
        [
            new Citation(1, id, "Install", "/docs/install.md", code, null) { Kind = BlockKind.Code, Context = "sh", CodeStart = "Install it with:\n".Length },
            new Citation(2, id, "Install", "/docs/install.md", prose, null),
        ]);

        var plain = QuotedText.Plain(answer);

        Assert.Contains("```sh\nsudo apt install relayd\n```\n[1] On macOS", plain, StringComparison.Ordinal);
    }

    /// <summary>
    /// A head quote that grew from the best unit to the command it leads to (issue 18: the subject, the lead-in, then
    /// the code) is one citation: both front ends show its prose as text and its code as one fenced block, every
    /// character of the quote kept, and the Discord embed stays within its limits.
    /// </summary>
    [Fact]
    public void PlainAndDiscord_HeadQuoteOfTwoSentencesThenCode_ProseAsTextCodeFencedNothingLost()
    {
        const string prose = "Keep in mind that the bot stops when its terminal closes. After you install PM2, run the following:";
        const string code = "pm2 start your-app.js\npm2 save";
        var quote = prose + "\n" + code;
        var id = new DocumentId("cdcdcdcdcdcdcdcd");
        var answer = new Answer("how do i keep the bot running", quote + " [1]", false,
        [
            new Citation(1, id, "Process managers", "/docs/pm2.md", quote, null) { Kind = BlockKind.Code, Context = "sh", CodeStart = prose.Length + 1 },
        ]);

        var plain = QuotedText.Plain(answer);
        var discord = AnswerRenderer.Answer(answer).Embeds![0].Description!;

        Assert.StartsWith(prose + "\n```sh\npm2 start your-app.js\npm2 save\n```", plain, StringComparison.Ordinal);
        Assert.Contains("```sh\npm2 start your-app.js\npm2 save\n```", discord, StringComparison.Ordinal);
        Assert.Contains("Keep in mind that the bot stops when its terminal closes.", discord, StringComparison.Ordinal);
        Assert.True(discord.Length <= Briefer.Discord.Models.DiscordLimits.EmbedDescription);
        Assert.Single(Regex.Matches(discord, "```sh"));
    }
}
