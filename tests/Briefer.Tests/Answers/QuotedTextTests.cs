using Briefer.Answers;
using Briefer.Core;
using Briefer.Core.Answering;
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
}
