using System.Collections.Frozen;
using System.Text;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Unicode Normalization Form C (canonical decomposition, canonical ordering, canonical composition).
/// </summary>
/// <remarks>
/// Briefer runs with <c>InvariantGlobalization</c>, where <see cref="string.Normalize(NormalizationForm)"/> has no
/// Unicode data and returns its input unchanged, so the tables are baked into
/// <c>CanonicalComposition.Table.g.cs</c> (regenerate with <c>generate-canonical-composition.py</c>). Baking them
/// also keeps stored offsets stable whatever ICU version a host has. Hangul is handled algorithmically.
/// The algorithm follows the sample code of UAX #15.
/// </remarks>
internal static partial class CanonicalComposition
{
    private const int HangulBase = 0xAC00;
    private const int HangulCount = 11172;
    private const int JamoLeadBase = 0x1100;
    private const int JamoLeadCount = 19;
    private const int JamoVowelBase = 0x1161;
    private const int JamoVowelCount = 21;
    private const int JamoTrailBase = 0x11A7;
    private const int JamoTrailCount = 28;
    private const int JamoVowelTrailCount = JamoVowelCount * JamoTrailCount;

    private static readonly FrozenDictionary<int, int[]> Decompositions = BuildDecompositions();
    private static readonly FrozenDictionary<int, int> CombiningClasses = BuildCombiningClasses();
    private static readonly FrozenDictionary<long, int> Compositions = BuildCompositions();
    private static readonly bool[] BmpSuspects = BuildBmpSuspects();
    private static readonly FrozenSet<int> SupplementarySuspects = BuildSupplementarySuspects();

    /// <summary>Returns <paramref name="text"/> in NFC; the same instance when it already is (the common case).</summary>
    public static string Compose(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!MayNeedComposition(text))
        {
            return text;
        }

        var codePoints = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            Decompose(rune.Value, codePoints);
        }

        SortCombiningMarks(codePoints);
        ComposeInPlace(codePoints);

        var builder = new StringBuilder(text.Length);
        foreach (var codePoint in codePoints)
        {
            builder.Append(new Rune(codePoint));
        }

        return builder.ToString();
    }

    private static bool MayNeedComposition(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\u0300')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (SupplementarySuspects.Contains(char.ConvertToUtf32(c, text[++i])))
                {
                    return true;
                }
            }
            else if (BmpSuspects[c])
            {
                return true;
            }
        }

        return false;
    }

    private static void Decompose(int codePoint, List<int> output)
    {
        var syllable = codePoint - HangulBase;
        if (syllable is >= 0 and < HangulCount)
        {
            output.Add(JamoLeadBase + (syllable / JamoVowelTrailCount));
            output.Add(JamoVowelBase + (syllable % JamoVowelTrailCount / JamoTrailCount));
            var trail = syllable % JamoTrailCount;
            if (trail != 0)
            {
                output.Add(JamoTrailBase + trail);
            }

            return;
        }

        if (Decompositions.TryGetValue(codePoint, out var parts))
        {
            output.AddRange(parts);
        }
        else
        {
            output.Add(codePoint);
        }
    }

    /// <summary>Canonical ordering: a stable sort by combining class of every run of non-starters.</summary>
    private static void SortCombiningMarks(List<int> codePoints)
    {
        for (var i = 1; i < codePoints.Count; i++)
        {
            var current = codePoints[i];
            var currentClass = CombiningClass(current);
            if (currentClass == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && CombiningClass(codePoints[j - 1]) > currentClass)
            {
                codePoints[j] = codePoints[j - 1];
                j--;
            }

            codePoints[j] = current;
        }
    }

    private static void ComposeInPlace(List<int> codePoints)
    {
        if (codePoints.Count == 0)
        {
            return;
        }

        var starterIndex = 0;
        var starter = codePoints[0];
        var lastClass = CombiningClass(starter) == 0 ? 0 : 256;
        var written = 1;

        for (var read = 1; read < codePoints.Count; read++)
        {
            var current = codePoints[read];
            var currentClass = CombiningClass(current);
            var composite = Pair(starter, current);
            if (composite >= 0 && (lastClass < currentClass || lastClass == 0))
            {
                codePoints[starterIndex] = composite;
                starter = composite;
                continue;
            }

            if (currentClass == 0)
            {
                starterIndex = written;
                starter = current;
            }

            lastClass = currentClass;
            codePoints[written++] = current;
        }

        codePoints.RemoveRange(written, codePoints.Count - written);
    }

    /// <summary>The primary composite of <paramref name="first"/> and <paramref name="second"/>, or -1.</summary>
    private static int Pair(int first, int second)
    {
        var lead = first - JamoLeadBase;
        var vowel = second - JamoVowelBase;
        if (lead is >= 0 and < JamoLeadCount && vowel is >= 0 and < JamoVowelCount)
        {
            return HangulBase + (((lead * JamoVowelCount) + vowel) * JamoTrailCount);
        }

        var syllable = first - HangulBase;
        var trail = second - JamoTrailBase;
        if (syllable is >= 0 and < HangulCount && syllable % JamoTrailCount == 0 && trail is > 0 and < JamoTrailCount)
        {
            return first + trail;
        }

        return Compositions.TryGetValue(Key(first, second), out var composite) ? composite : -1;
    }

    private static int CombiningClass(int codePoint) =>
        CombiningClasses.TryGetValue(codePoint, out var value) ? value : 0;

    private static long Key(int first, int second) => ((long)first << 21) | (uint)second;

    private static FrozenDictionary<int, int[]> BuildDecompositions()
    {
        var data = DecompositionData;
        var result = new Dictionary<int, int[]>();
        for (var i = 0; i < data.Length;)
        {
            var length = data[i + 1];
            result[data[i]] = data.Slice(i + 2, length).ToArray();
            i += 2 + length;
        }

        return result.ToFrozenDictionary();
    }

    private static FrozenDictionary<int, int> BuildCombiningClasses()
    {
        var data = CombiningClassData;
        var result = new Dictionary<int, int>();
        for (var i = 0; i < data.Length; i += 2)
        {
            result[data[i]] = data[i + 1];
        }

        return result.ToFrozenDictionary();
    }

    private static FrozenDictionary<long, int> BuildCompositions()
    {
        var data = CompositionData;
        var result = new Dictionary<long, int>();
        for (var i = 0; i < data.Length; i += 3)
        {
            result[Key(data[i], data[i + 1])] = data[i + 2];
        }

        return result.ToFrozenDictionary();
    }

    private static bool[] BuildBmpSuspects()
    {
        var result = new bool[0x10000];
        foreach (var codePoint in SuspectData)
        {
            if (codePoint < result.Length)
            {
                result[codePoint] = true;
            }
        }

        // Hangul vowels and trailing consonants compose with what precedes them.
        for (var c = JamoVowelBase; c < JamoVowelBase + JamoVowelCount; c++)
        {
            result[c] = true;
        }

        for (var c = JamoTrailBase + 1; c < JamoTrailBase + JamoTrailCount; c++)
        {
            result[c] = true;
        }

        return result;
    }

    private static FrozenSet<int> BuildSupplementarySuspects()
    {
        var result = new HashSet<int>();
        foreach (var codePoint in SuspectData)
        {
            if (codePoint >= 0x10000)
            {
                result.Add(codePoint);
            }
        }

        return result.ToFrozenSet();
    }
}
