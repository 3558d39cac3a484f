using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Briefer.Core.Embeddings;

/// <summary>
/// BERT's BasicTokenizer (uncased) expressed as a normaliser: the output is the basic tokens joined by single
/// spaces, ready for <see cref="SpaceSplitPreTokenizer"/> and the WordPiece step.
/// </summary>
/// <remarks>
/// Follows HuggingFace <c>BasicTokenizer</c> with <c>do_lower_case=True</c>: drop NUL, U+FFFD and control/format
/// characters; treat space, tab, CR, LF, Zs, U+2028 and U+2029 as separators (so words never join across lines); put each CJK
/// ideograph in its own token; lowercase; strip accents (NFD minus Mn); and make every punctuation character
/// (Unicode P* plus ASCII 33–47, 58–64, 91–96, 123–126, e.g. <c>$ + &lt; = &gt; ^ | ~ `</c>) its own token.
/// Written by hand because Microsoft.ML.Tokenizers 2.0.1's BertTokenizer drops some of those characters and
/// joins words across newlines (dotnet/machinelearning #7724, #7725).
/// Lowercasing is per character (as the HuggingFace fast tokenizer does), so a word-final capital sigma becomes σ, not ς.
/// </remarks>
internal sealed class BertBasicNormalizer : Normalizer
{
    public static BertBasicNormalizer Instance { get; } = new();

    public override string Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        return Normalize(original.AsSpan());
    }

    public override string Normalize(ReadOnlySpan<char> original)
    {
        var builder = new StringBuilder(original.Length + (original.Length / 4));
        var pendingSeparator = false;
        Span<char> folded = stackalloc char[AccentFolding.MaxFoldedLength];

        foreach (var rune in original.EnumerateRunes())
        {
            var value = rune.Value;

            // Lone surrogates enumerate as U+FFFD, which BERT drops along with NUL.
            if (value is 0 or 0xFFFD || IsControl(rune))
            {
                continue;
            }

            if (IsWhitespace(rune))
            {
                pendingSeparator = true;
                continue;
            }

            if (IsCjk(value))
            {
                // A compatibility ideograph folds to its unified ideograph, which is what the vocabulary holds.
                var cjkLength = AccentFolding.Fold(rune, folded);
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(folded[..cjkLength]);
                pendingSeparator = true;
                continue;
            }

            var length = AccentFolding.Fold(LowerCase(rune), folded);
            foreach (var part in folded[..length].EnumerateRunes())
            {
                if (IsPunctuation(part))
                {
                    AppendToken(builder, part);
                    pendingSeparator = true;
                    continue;
                }

                if (pendingSeparator && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSeparator = false;
                AppendRune(builder, part);
            }
        }

        return builder.ToString();
    }

    private static void AppendToken(StringBuilder builder, Rune rune)
    {
        if (builder.Length > 0)
        {
            builder.Append(' ');
        }

        AppendRune(builder, rune);
    }

    private static void AppendRune(StringBuilder builder, Rune rune)
    {
        if (rune.IsBmp)
        {
            builder.Append((char)rune.Value);
            return;
        }

        Span<char> utf16 = stackalloc char[2];
        builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
    }

    private static Rune LowerCase(Rune rune) =>

        // Invariant casing has no simple lowercase for U+0130 (İ); Unicode's full mapping is i + U+0307, whose
        // mark accent stripping then removes.
        rune.Value == 0x0130 ? new Rune('i') : Rune.ToLowerInvariant(rune);

    // Zs plus the line and paragraph separators, which BERT's final whitespace split also breaks on.
    private static bool IsWhitespace(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' or 0x2028 or 0x2029 || Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune rune)
    {
        if (rune.Value is '\t' or '\n' or '\r')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    private static bool IsPunctuation(Rune rune)
    {
        if (rune.Value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    private static bool IsCjk(int value) =>
        value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
