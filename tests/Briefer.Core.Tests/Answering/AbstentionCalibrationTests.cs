using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Briefer.Core.Tests.Answering;

/// <summary>
/// Questions over <c>samples/</c> the answer model was never trained on: questions the samples answer (with the file
/// that answers them) and questions they do not cover, checked end to end (retrieval, the shipped answer model and its
/// threshold). Read the answerability each question gets with
/// <c>dotnet test --logger "console;verbosity=detailed" --filter AbstentionCalibration</c>.
/// </summary>
[Collection(SamplesPipelineCollection.Name)]
public sealed class AbstentionCalibrationTests(SamplesPipelineFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, string> Answerable => new()
    {
        { "Why did the US call off the second strike?", "us-calls-off-second-strike.txt" },
        { "Who was freed from El Helicoide?", "us-calls-off-second-strike.txt" },
        { "How many Spanish nationals were released?", "us-calls-off-second-strike.txt" },
        { "What happened to the price of Brent crude?", "oil-markets-after-caracas-operation.html" },
        { "How much oil does Venezuela produce?", "oil-markets-after-caracas-operation.html" },
        { "How many releases did Foro Penal verify?", "venezuela-prisoner-release-reactions.md" },
        { "What did Amnesty International say about the releases?", "venezuela-prisoner-release-reactions.md" },
        { "When do the EU obligations for general-purpose AI models apply?", "eu-ai-act-general-purpose-rules.md" },
        { "How large can fines under the AI Act be?", "eu-ai-act-general-purpose-rules.md" },
        { "What happened to electricity prices in Italy during the heatwave?", "heatwave-power-grid.txt" },
        { "Why does Europe need more battery storage?", "heatwave-power-grid.txt" },
        { "How many parking spaces will the Harbour Street bike lanes remove?", "city-council-bike-lanes.txt" },
        { "How did the council vote on the bike lanes?", "city-council-bike-lanes.txt" },
    };

    public static TheoryData<string> OffTopic => new()
    {
        "Who won the football world cup?",
        "What is the best recipe for banana bread?",
        "How do I reset my router password?",
        "What is the population of Tokyo?",
        "Which programming language is fastest?",
        "When was the Eiffel Tower built?",
        "What did the Pope say about climate change?",
        "How tall is Mount Everest?",
    };

    [Theory]
    [MemberData(nameof(Answerable))]
    public async Task AskAsync_AnswerableQuestion_AnswersFromTheRightDocument(string question, string expectedFile)
    {
        var (answerable, answer) = await ScoreAsync(question);
        output.WriteLine($"answerable  {answerable:0.000}  {question}");

        Assert.False(answer.Abstained, $"abstained on '{question}' (answerability {answerable:0.000}: {answer.AbstainReason})");
        Assert.Contains(answer.Citations, c => c.Source.EndsWith(expectedFile, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OffTopic))]
    public async Task AskAsync_OffTopicQuestion_Abstains(string question)
    {
        var (answerable, answer) = await ScoreAsync(question);
        output.WriteLine($"off-topic   {answerable:0.000}  {question}");

        Assert.True(answer.Abstained, $"answered '{question}' (answerability {answerable:0.000}): {answer.Text}");
        Assert.Empty(answer.Citations);
        Assert.False(string.IsNullOrWhiteSpace(answer.AbstainReason));
    }

    [Fact]
    public async Task AskAsync_WhyQuestion_FirstCitationGivesAReasonNotOnlyTheDecision()
    {
        var (_, answer) = await ScoreAsync("Why did the US call off the second strike?");

        Assert.False(answer.Abstained);
        var first = answer.Citations.Single(c => c.N == 1);
        Assert.True(AnswerTypeDetector.Detect(first.Quote, new HashSet<string>()).Reasons > 0, first.Quote);
    }

    private async Task<(double Answerable, Answer Answer)> ScoreAsync(string question)
    {
        var retriever = fixture.Services.GetRequiredService<HybridRetriever>();
        var selector = fixture.Services.GetRequiredService<AnswerSelector>();
        var chunks = await retriever.RetrieveAsync(ScopeId.Local, question, 8);
        var selection = await selector.SelectAsync(question, chunks, CancellationToken.None);
        return (selection.Answerable, await fixture.Briefing.AskAsync(ScopeId.Local, question, CancellationToken.None));
    }
}
