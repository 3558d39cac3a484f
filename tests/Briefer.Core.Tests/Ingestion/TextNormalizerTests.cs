using Briefer.Core.Ingestion;

namespace Briefer.Core.Tests.Ingestion;

public sealed class TextNormalizerTests
{
    [Fact]
    public void Normalize_CrlfAndLoneCr_BecomeLineFeeds()
    {
        Assert.Equal("a\nb\nc", TextNormalizer.Normalize("a\r\nb\rc"));
    }

    [Fact]
    public void Normalize_ManyBlankLines_KeepsAtMostOne()
    {
        Assert.Equal("a\n\nb", TextNormalizer.Normalize("a\r\n\r\n\r\n\r\nb"));
    }

    [Fact]
    public void Normalize_SpacesTabsAndNoBreakSpaces_FoldToOneSpaceAndLinesAreTrimmed()
    {
        Assert.Equal("a b\nc", TextNormalizer.Normalize("  a \t\u00A0 b  \n  c  "));
    }

    [Fact]
    public void Normalize_DecomposedAccent_IsComposed()
    {
        Assert.Equal("caf\u00E9", TextNormalizer.Normalize("cafe\u0301"));
    }

    [Fact]
    public void Normalize_ControlCharacterBeforeCombiningMark_ResultIsStillComposed()
    {
        Assert.Equal("caf\u00E9", TextNormalizer.Normalize("cafe\u0001\u0301"));
    }

    [Theory]
    [InlineData("e\u0301\u0323", "\u1EB9\u0301")] // marks reordered by combining class, then composed
    [InlineData("\u212B", "\u00C5")] // singleton: ANGSTROM SIGN is A WITH RING ABOVE
    [InlineData("\u1100\u1161\u11A8", "\uAC01")] // Hangul jamo compose algorithmically
    [InlineData("\u0958", "\u0915\u093C")] // excluded from composition: stays decomposed
    public void Normalize_NonNfcInput_MatchesUnicodeNfc(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Normalize_LoneSurrogate_IsReplacedNotThrown()
    {
        Assert.Equal("a\uFFFDb", TextNormalizer.Normalize("a\uD800b"));
    }

    [Fact]
    public void Normalize_SurrogatePair_IsKept()
    {
        Assert.Equal("a \U0001F600 b", TextNormalizer.Normalize("a \U0001F600 b"));
    }

    [Fact]
    public void Normalize_AlreadyNormalised_IsUnchanged()
    {
        var once = TextNormalizer.Normalize(" Title\r\n\r\n\r\nBody\u200B text\tend.\u2028Next ");

        Assert.Equal(once, TextNormalizer.Normalize(once));
    }
}
