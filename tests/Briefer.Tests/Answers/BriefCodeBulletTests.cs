using Briefer.Answers;
using Briefer.Cli;
using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Tests.Answers;

/// <summary>A brief that quotes a code block shows it as a code block, in the terminal and in Discord, as <c>ask</c> does.</summary>
public sealed class BriefCodeBulletTests
{
    private const string Code = "relayd start --port 7400";
    private static readonly DocumentId Page = DocumentId.For(ScopeId.Local, "/docs/relay.md");

    private static readonly Brief Brief = new(
        "starting the daemon",
        [new BriefBullet(Code, [1]), new BriefBullet("The daemon writes its log to the journal.", [2])],
        false,
        [
            new Citation(1, Page, "Relay", "/docs/relay.md", Code, null, "Starting") { Kind = BlockKind.Code, Context = "bash" },
            new Citation(2, Page, "Relay", "/docs/relay.md", "The daemon writes its log to the journal.", null, "Starting"),
        ]);

    [Fact]
    public void PrintBrief_CodeBullet_FencedBlockUnderItsMarker()
    {
        using var output = new StringWriter();

        ResultPrinter.Print(output, Brief, ScopeId.Local);

        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.Contains("- [1]\n  ```bash\n  " + Code + "\n  ```\n- The daemon writes its log to the journal. [2]\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderBrief_CodeBullet_FencedBlockNotEscaped()
    {
        var embed = Assert.Single(AnswerRenderer.Brief(Brief).Embeds!);

        Assert.StartsWith("• [1]\n```bash\n" + Code + "\n```\n• The daemon writes its log to the journal. [2]", embed.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintAndRenderBrief_CodeWithItsLeadIn_LeadInAsTextCodeAsBlock()
    {
        const string leadIn = "Start the daemon with this *one* command:";
        var quote = leadIn + "\n" + Code;
        var brief = Brief with
        {
            Bullets = [new BriefBullet(quote, [1])],
            Citations = [new Citation(1, Page, "Relay", "/docs/relay.md", quote, null, "Starting") { Kind = BlockKind.Code, Context = "bash", CodeStart = leadIn.Length + 1 }],
        };
        using var output = new StringWriter();

        ResultPrinter.Print(output, brief, ScopeId.Local);
        var embed = Assert.Single(AnswerRenderer.Brief(brief).Embeds!);

        Assert.Contains("- " + leadIn + " [1]\n  ```bash\n  " + Code + "\n  ```\n", output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("• Start the daemon with this \\*one\\* command: [1]\n```bash\n" + Code + "\n```", embed.Description);
    }

    [Fact]
    public void RenderBrief_ModelWrittenBulletCitingCode_StaysEscapedText()
    {
        var written = Brief with { Mode = AnswerMode.Llm, Bullets = [new BriefBullet("Run `relayd start`.", [1])] };

        var embed = Assert.Single(AnswerRenderer.Brief(written).Embeds!);

        Assert.Equal("• Run \\`relayd start\\`. [1]", embed.Description);
    }
}
