using Microsoft.ML.Tokenizers;

namespace Briefer.Core.Embeddings;

/// <summary>
/// Splits <see cref="BertBasicNormalizer"/> output on its single-space separators, and nothing else: the normaliser
/// has already decided every token boundary, so a regex-based splitter would only risk disagreeing with it.
/// </summary>
internal sealed class SpaceSplitPreTokenizer : PreTokenizer
{
    public static SpaceSplitPreTokenizer Instance { get; } = new();

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        text is null ? [] : Split(text);

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) =>
        text.IsEmpty ? [] : Split(text.ToString());

    private static IEnumerable<(int Offset, int Length)> Split(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var space = text.IndexOf(' ', start);
            var end = space < 0 ? text.Length : space;
            if (end > start)
            {
                yield return (start, end - start);
            }

            start = end + 1;
        }
    }
}
