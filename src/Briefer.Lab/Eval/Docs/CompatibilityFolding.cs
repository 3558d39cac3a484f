using System.Text;
using Briefer.Core.Ingestion;

namespace Briefer.Cli.Eval.Docs;

/// <summary>Unicode NFKC, as the docsqa scoring normalises (Python's <c>unicodedata.normalize("NFKC", …)</c>).</summary>
/// <remarks>
/// Briefer runs with <c>InvariantGlobalization</c>, where <see cref="string.Normalize(NormalizationForm)"/> has no
/// Unicode data and returns its input unchanged, so the compatibility mappings are baked into
/// <c>CompatibilityFolding.Table.g.cs</c> (regenerate with <c>generate-compatibility-folding.py</c>): each code point
/// becomes its own NFKC form, and the whole string is then composed canonically, which is NFKC.
/// </remarks>
internal static partial class CompatibilityFolding
{
    public static string ToNfkc(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? builder = null;
        var position = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var index = rune.Value < 0xA0 ? -1 : FoldedCodePoints.BinarySearch(rune.Value);
            if (index >= 0)
            {
                builder ??= new StringBuilder(text.Length + 8).Append(text, 0, position);
                builder.Append(Foldings[index]);
            }
            else
            {
                builder?.Append(text, position, rune.Utf16SequenceLength);
            }

            position += rune.Utf16SequenceLength;
        }

        return CanonicalComposition.Compose(builder?.ToString() ?? text);
    }
}
