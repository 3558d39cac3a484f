using Briefer.Answers;
using Briefer.Bot;

namespace Briefer.Tests.Sources;

public sealed class DisplaySourceTests
{
    [Theory]
    [InlineData("https://cdn.example.com/report.pdf?X-Amz-Signature=abc123&X-Amz-Credential=key", "https://cdn.example.com/report.pdf")]
    [InlineData("https://example.com/news?id=7#top", "https://example.com/news")]
    [InlineData("https://example.com/", "https://example.com/")]
    public void DisplaySource_Url_ShownWithoutQueryString(string source, string shown) =>
        Assert.Equal(shown, AnswerRenderer.DisplaySource(source));
}
