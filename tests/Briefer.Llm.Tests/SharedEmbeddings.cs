using Briefer.Core.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Llm.Tests;

/// <summary>The core's snowflake-arctic-embed-xs generator, loaded once for the whole test run (it ships in a package; nothing is downloaded).</summary>
internal static class SharedEmbeddings
{
    private static readonly Lazy<IEmbeddingGenerator<string, Embedding<float>>> Generator = new(() =>
        new ServiceCollection().AddLogging().AddArcticEmbeddings().BuildServiceProvider()
            .GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());

    public static IEmbeddingGenerator<string, Embedding<float>> Instance => Generator.Value;
}
