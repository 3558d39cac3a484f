using Briefer.Core.Documents;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Chunking;

/// <summary>
/// Packs whole sentences (<see cref="SentenceSplitter"/>) into chunks of at most
/// <see cref="ChunkingOptions.MaxTokens"/> tokens, consecutive chunks sharing
/// <see cref="ChunkingOptions.OverlapSentences"/> sentences. A sentence too long for one chunk is cut
/// at word boundaries (at characters only when a single word is too long).
/// </summary>
/// <remarks>
/// Each sentence is counted once; a chunk's size is estimated as the sum of its sentences' tokens
/// (the special tokens counted once), which is what a WordPiece-style tokenizer gives for text joined by
/// whitespace. Every chunk is then counted exactly and shrunk if the estimate was low, so the bound holds
/// for any <see cref="ITokenCounter"/>.
/// </remarks>
public sealed class SentenceChunker(ITokenCounter tokenCounter, IOptions<ChunkingOptions> options) : ITextChunker
{
    private readonly int _maxTokens = CheckedMaxTokens(tokenCounter, options);
    private readonly int _overlap = Math.Max(0, options.Value.OverlapSentences);

    public IReadOnlyList<TextChunk> Chunk(string normalizedText, IReadOnlyList<TextBlock>? blocks = null)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var sentences = SentenceSplitter.Split(normalizedText);
        if (sentences.Count == 0)
        {
            return [];
        }

        var specials = Math.Max(0, tokenCounter.CountTokens(string.Empty));
        var units = new List<Unit>(sentences.Count);
        foreach (var sentence in sentences)
        {
            var tokens = Count(normalizedText, sentence);
            if (tokens <= _maxTokens)
            {
                units.Add(new Unit(sentence, tokens));
            }
            else
            {
                units.AddRange(SplitLongSentence(normalizedText, sentence, specials));
            }
        }

        if (blocks is { Count: > 0 })
        {
            units = KeepBlocksWhole(normalizedText, units, blocks);
        }

        var spans = Pack(normalizedText, units, specials, _overlap);
        var chunks = new TextChunk[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            var (range, tokens) = spans[i];
            chunks[i] = new TextChunk(i, range.Start, range.End, normalizedText[range.Start..range.End], tokens);
        }

        return chunks;
    }

    /// <summary>
    /// Greedily packs consecutive units into spans that fit, each span after the first starting with up to
    /// <paramref name="overlap"/> units of the previous one, as long as that still leaves room for a new unit.
    /// </summary>
    private List<(TextRange Range, int Tokens)> Pack(string text, List<Unit> units, int specials, int overlap)
    {
        var spans = new List<(TextRange, int)>();
        var firstNew = 0;
        var previousStart = -1;

        while (firstNew < units.Count)
        {
            var start = Math.Max(previousStart + 1, firstNew - overlap);
            int end;
            int tokens;
            while (true)
            {
                (end, tokens) = Extend(text, units, specials, start);
                if (end >= firstNew || start == firstNew)
                {
                    break;
                }

                // The overlap left no room for anything new: give up one overlapping unit.
                start++;
            }

            spans.Add((new TextRange(units[start].Range.Start, units[end].Range.End), tokens));
            previousStart = start;
            firstNew = end + 1;
        }

        return spans;
    }

    /// <summary>The last unit index (inclusive) of the longest span from <paramref name="start"/> that fits, and its exact count.</summary>
    private (int End, int Tokens) Extend(string text, List<Unit> units, int specials, int start)
    {
        var end = start;
        var estimate = units[start].Tokens;
        while (end + 1 < units.Count && estimate + units[end + 1].Tokens - specials <= _maxTokens)
        {
            end++;
            estimate += units[end].Tokens - specials;
        }

        // Correctness does not rest on the estimate: count the real span and drop units until it fits.
        // A single unit always fits, because every unit was counted on its own when it was made.
        var tokens = end == start ? units[start].Tokens : Count(text, new TextRange(units[start].Range.Start, units[end].Range.End));
        while (tokens > _maxTokens && end > start)
        {
            end--;
            tokens = Count(text, new TextRange(units[start].Range.Start, units[end].Range.End));
        }

        return (end, tokens);
    }

    /// <summary>
    /// Joins the sentences of one list item, table row, key–value line, admonition or code block into one unit, and a
    /// heading with the unit after it, whenever the result still fits: packing then never ends a chunk inside them.
    /// </summary>
    private List<Unit> KeepBlocksWhole(string text, List<Unit> units, IReadOnlyList<TextBlock> blocks)
    {
        var result = new List<Unit>(units.Count);
        var i = 0;
        while (i < units.Count)
        {
            var block = TextBlocks.At(blocks, units[i].Range.Start);
            var end = i;
            if (block is not null && block.End >= units[i].Range.End && IsWhole(block.Kind))
            {
                while (end + 1 < units.Count && units[end + 1].Range.End <= block.End)
                {
                    end++;
                }
            }

            var unit = end == i ? units[i] : Join(text, units[i], units[end]);
            if (unit.Tokens > _maxTokens)
            {
                result.AddRange(units.GetRange(i, end - i + 1));
                i = end + 1;
                continue;
            }

            // A heading at the end of a chunk would be cut off from the text it heads.
            if (result.Count > 0 && TextBlocks.At(blocks, result[^1].Range.End - 1) is { Kind: BlockKind.Heading } heading && heading.End == result[^1].Range.End)
            {
                var joined = Join(text, result[^1], unit);
                if (joined.Tokens <= _maxTokens)
                {
                    result[^1] = joined;
                    i = end + 1;
                    continue;
                }
            }

            result.Add(unit);
            i = end + 1;
        }

        return result;
    }

    private static bool IsWhole(BlockKind kind) =>
        kind is BlockKind.ListItem or BlockKind.TableRow or BlockKind.KeyValue or BlockKind.Code or BlockKind.Admonition;

    private Unit Join(string text, Unit first, Unit last)
    {
        var range = new TextRange(first.Range.Start, last.Range.End);
        return new Unit(range, Count(text, range));
    }

    private List<Unit> SplitLongSentence(string text, TextRange sentence, int specials)
    {
        var words = new List<Unit>();
        var i = sentence.Start;
        while (i < sentence.End)
        {
            while (i < sentence.End && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var wordStart = i;
            while (i < sentence.End && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i > wordStart)
            {
                var word = new TextRange(wordStart, i);
                var tokens = Count(text, word);
                if (tokens <= _maxTokens)
                {
                    words.Add(new Unit(word, tokens));
                }
                else
                {
                    words.AddRange(SplitLongWord(text, word));
                }
            }
        }

        return Pack(text, words, specials, overlap: 0)
            .ConvertAll(span => new Unit(span.Range, span.Tokens));
    }

    /// <summary>Cuts a run without spaces (a long URL, text in a script without spaces) into the longest pieces that fit.</summary>
    private List<Unit> SplitLongWord(string text, TextRange word)
    {
        var pieces = new List<Unit>();
        var start = word.Start;
        while (start < word.End)
        {
            // Binary search for the longest prefix that fits; at least one character (or surrogate pair) per piece.
            var low = MinimalEnd(text, start, word.End);
            var high = word.End;
            var best = low;
            var bestTokens = Count(text, new TextRange(start, low));
            while (low <= high)
            {
                // Never cut between the halves of a surrogate pair: test the cut just after it instead.
                var mid = low + ((high - low) / 2);
                var cut = mid < word.End && char.IsLowSurrogate(text[mid]) ? mid + 1 : mid;
                var tokens = Count(text, new TextRange(start, cut));
                if (tokens <= _maxTokens)
                {
                    best = cut;
                    bestTokens = tokens;
                    low = cut + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            pieces.Add(new Unit(new TextRange(start, best), bestTokens));
            start = best;
        }

        return pieces;
    }

    /// <summary>
    /// Start-up validation (<see cref="ChunkingOptionsValidator"/>) already refuses such settings; this guards
    /// direct construction, since chunks the model would truncate lose text silently.
    /// </summary>
    private static int CheckedMaxTokens(ITokenCounter tokenCounter, IOptions<ChunkingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tokenCounter);
        ArgumentNullException.ThrowIfNull(options);
        var maxTokens = options.Value.MaxTokens;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1, $"{ChunkingOptions.Section}:{nameof(ChunkingOptions.MaxTokens)}");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTokens, tokenCounter.MaxTokens, $"{ChunkingOptions.Section}:{nameof(ChunkingOptions.MaxTokens)}");
        return maxTokens;
    }

    private static int MinimalEnd(string text, int start, int end) =>
        start + 1 < end && char.IsHighSurrogate(text[start]) && char.IsLowSurrogate(text[start + 1]) ? start + 2 : start + 1;

    private int Count(string text, TextRange range) => tokenCounter.CountTokens(text[range.Start..range.End]);

    private readonly record struct Unit(TextRange Range, int Tokens);
}
