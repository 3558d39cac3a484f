using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Core.Tests.Answering;

public sealed class AnswerContextTests
{
    private static Citation Cite(string id) => new(1, new DocumentId(id), "t", "/s.txt", "q", null);

    [Fact]
    public void From_Turns_LatestTurnsDocumentsFirstWithoutRepeats()
    {
        var context = AnswerContext.From([[Cite("aaaaaaaaaaaaaaaa")], [Cite("bbbbbbbbbbbbbbbb"), Cite("aaaaaaaaaaaaaaaa")]]);

        Assert.Equal([new DocumentId("bbbbbbbbbbbbbbbb"), new DocumentId("aaaaaaaaaaaaaaaa")], context.PreviousDocuments);
    }

    [Fact]
    public void From_NoCitations_IsEmpty()
    {
        Assert.Empty(AnswerContext.From([[]]).PreviousDocuments);
    }
}
