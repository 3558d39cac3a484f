using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Briefer.Core.Tests.Answering;

/// <summary>
/// The labelled questions the abstention threshold (<see cref="EvidenceScorer.DefaultAbstainThreshold"/>) was tuned on:
/// questions the samples answer (with the file that answers them) and questions they do not cover. Re-tune by reading
/// the scores this class prints (dotnet test --logger "console;verbosity=detailed" --filter AbstentionCalibration).
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
        var (relevance, answer) = await ScoreAsync(question);
        output.WriteLine($"answerable  {relevance:0.000}  {question}");

        Assert.False(answer.Abstained, $"abstained on '{question}' (best relevance {relevance:0.000})");
        Assert.Contains(answer.Citations, c => c.Source.EndsWith(expectedFile, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OffTopic))]
    public async Task AskAsync_OffTopicQuestion_Abstains(string question)
    {
        var (relevance, answer) = await ScoreAsync(question);
        output.WriteLine($"off-topic   {relevance:0.000}  {question}");

        Assert.True(answer.Abstained, $"answered '{question}' (best relevance {relevance:0.000}): {answer.Text}");
        Assert.Empty(answer.Citations);
    }

    private async Task<(double Relevance, Answer Answer)> ScoreAsync(string question)
    {
        var retriever = fixture.Services.GetRequiredService<HybridRetriever>();
        var chunks = await retriever.RetrieveAsync(ScopeId.Local, question, 8);
        var scored = EvidenceScorer.Score(question, chunks);
        var best = scored.Count == 0 ? 0 : scored.Max(s => s.Relevance);
        return (best, await fixture.Briefing.AskAsync(ScopeId.Local, question, CancellationToken.None));
    }
}
