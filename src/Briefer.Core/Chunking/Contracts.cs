using Briefer.Core.Documents;

namespace Briefer.Core.Chunking;

/// <summary>A span of text with offsets into the document's normalised text.</summary>
/// <param name="Start">Inclusive start offset.</param>
/// <param name="End">Exclusive end offset.</param>
public readonly record struct TextRange(int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>A chunk of a document, bounded by the embedding model's token limit.</summary>
/// <param name="Text">Exactly <c>documentText[Start..End]</c>.</param>
/// <param name="TokenCount">Tokens of <see cref="Text"/> as the embedding model counts them, special tokens included.</param>
public sealed record TextChunk(int Index, int Start, int End, string Text, int TokenCount);

/// <summary>Splits normalised document text into chunks.</summary>
public interface ITextChunker
{
    /// <summary>
    /// Chunks <paramref name="normalizedText"/>. With the document's <paramref name="blocks"/> (offsets into the same
    /// text), chunks end at block boundaries where they can: a list item, table row, key–value line or code block is cut
    /// only when it alone is over the limit, and a heading stays with what follows it.
    /// </summary>
    IReadOnlyList<TextChunk> Chunk(string normalizedText, IReadOnlyList<TextBlock>? blocks = null);
}

/// <summary>Counts tokens exactly as the embedding model will see them.</summary>
public interface ITokenCounter
{
    /// <summary>The number of tokens of <paramref name="text"/>, including the model's special tokens ([CLS], [SEP]).</summary>
    int CountTokens(string text);

    /// <summary>The longest input, in tokens including specials, the model accepts.</summary>
    int MaxTokens { get; }
}
