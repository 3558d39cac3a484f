using System.Text;

namespace Briefer.Core.Embeddings;

/// <summary>
/// BERT's accent stripping (NFD, then drop non-spacing marks) for one code point at a time.
/// </summary>
/// <remarks>
/// Briefer runs with <c>InvariantGlobalization</c>, where <see cref="string.Normalize(NormalizationForm)"/>
/// has no Unicode data and returns its input unchanged, so the decompositions are baked into
/// <c>AccentFolding.Table.g.cs</c> (regenerate with <c>generate-accent-folding.py</c>).
/// Hangul syllables decompose algorithmically into their jamo, as NFD does.
/// </remarks>
internal static partial class AccentFolding
{
    private const int HangulBase = 0xAC00;
    private const int HangulCount = 11172;
    private const int JamoLeadBase = 0x1100;
    private const int JamoVowelBase = 0x1161;
    private const int JamoTrailBase = 0x11A7;
    private const int JamoVowelCount = 21;
    private const int JamoTrailCount = 28;

    /// <summary>The longest folding in UTF-16 code units (three code points, each possibly a surrogate pair).</summary>
    public const int MaxFoldedLength = 6;

    /// <summary>
    /// Writes <paramref name="rune"/> with its accents removed into <paramref name="destination"/> (at least
    /// <see cref="MaxFoldedLength"/> long) and returns the number of chars written: 0 when the rune is itself a mark.
    /// </summary>
    public static int Fold(Rune rune, Span<char> destination)
    {
        if (Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.NonSpacingMark)
        {
            return 0;
        }

        var value = rune.Value;
        if (value < 0xC0)
        {
            destination[0] = (char)value;
            return 1;
        }

        var offset = value - HangulBase;
        if (offset is >= 0 and < HangulCount)
        {
            destination[0] = (char)(JamoLeadBase + (offset / (JamoVowelCount * JamoTrailCount)));
            destination[1] = (char)(JamoVowelBase + (offset % (JamoVowelCount * JamoTrailCount) / JamoTrailCount));
            var trail = offset % JamoTrailCount;
            if (trail == 0)
            {
                return 2;
            }

            destination[2] = (char)(JamoTrailBase + trail);
            return 3;
        }

        var index = FoldedCodePoints.BinarySearch(value);
        if (index >= 0)
        {
            var folding = Foldings[index];
            folding.CopyTo(destination);
            return folding.Length;
        }

        return rune.EncodeToUtf16(destination);
    }
}
