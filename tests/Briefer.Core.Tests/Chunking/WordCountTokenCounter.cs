using Briefer.Core.Chunking;

namespace Briefer.Core.Tests.Chunking;

/// <summary>A stand-in tokenizer: one token per whitespace-separated word, plus [CLS] and [SEP].</summary>
internal sealed class WordCountTokenCounter(int maxTokens = 512) : ITokenCounter
{
    public const int Specials = 2;

    public int MaxTokens { get; } = maxTokens;

    public int Calls { get; private set; }

    public int CountTokens(string text)
    {
        Calls++;
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length + Specials;
    }
}
