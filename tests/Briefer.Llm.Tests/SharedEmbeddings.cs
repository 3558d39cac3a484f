using Briefer.Core.Answering;
using Briefer.Core.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefer.Llm.Tests;

/// <summary>The core's snowflake-arctic-embed-xs generator, loaded once for the whole test run (it ships in a package; nothing is downloaded).</summary>
internal static class SharedEmbeddings
{
    private static readonly Lazy<IServiceProvider> Services = new(() =>
        new ServiceCollection().AddLogging().AddArcticEmbeddings().BuildServiceProvider());

    private static readonly Lazy<AnswerSelector> AnswerSelector = new(() => new AnswerSelector(
        Options.Create(new AnswerOptions()),
        new SentenceSemantics(Services.Value.GetRequiredService<ArcticEmbeddingGenerator>(), Services.Value.GetRequiredService<BertUncasedTokenizer>())));

    public static IEmbeddingGenerator<string, Embedding<float>> Instance => Services.Value.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    /// <summary>The answer decision with the shipped answer model, as the app wires it.</summary>
    public static AnswerSelector Selector => AnswerSelector.Value;
}
