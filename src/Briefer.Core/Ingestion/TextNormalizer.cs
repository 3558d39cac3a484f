using System.Text;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Brings extracted text into the one form that chunk offsets, citations and the tokenizer all share:
/// Unicode NFC, '\n' line ends, no control characters, runs of spaces and tabs folded to one space,
/// lines trimmed, and at most one blank line between paragraphs.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        var newlines = 0;

        for (var i = 0; i < text.Length; i++)
        {
            var raw = text[i];

            // Surrogate pairs pass through whole. A lone surrogate (possible only through this API, never from a
            // strict decoder) would make string.Normalize throw, so it becomes U+FFFD below.
            if (char.IsHighSurrogate(raw) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                AppendPending(builder, ref pendingSpace, ref newlines);
                builder.Append(raw).Append(text[++i]);
                continue;
            }

            var c = raw switch
            {
                _ when char.IsSurrogate(raw) => '\uFFFD',
                '\r' when i + 1 < text.Length && text[i + 1] == '\n' => '\0',
                '\r' => '\n',
                '\u2028' or '\u2029' or '\u0085' => '\n',
                '\u00A0' or '\u2007' or '\u202F' or '\t' or '\v' or '\f' => ' ',
                _ => raw,
            };

            if (c == '\n')
            {
                pendingSpace = false;
                newlines++;
                continue;
            }

            if (c == ' ' || char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (char.IsControl(c) || c == '\uFEFF' || c == '\u200B')
            {
                continue;
            }

            AppendPending(builder, ref pendingSpace, ref newlines);
            builder.Append(c);
        }

        // Composition last: dropping a control character between a letter and its combining mark
        // must still yield NFC, so that normalising twice changes nothing. Not string.Normalize: under
        // InvariantGlobalization it returns its input unchanged (see CanonicalComposition).
        return CanonicalComposition.Compose(builder.ToString());
    }

    private static void AppendPending(StringBuilder builder, ref bool pendingSpace, ref int newlines)
    {
        if (newlines > 0)
        {
            if (builder.Length > 0)
            {
                builder.Append(newlines >= 2 ? "\n\n" : "\n");
            }

            newlines = 0;
        }
        else if (pendingSpace)
        {
            builder.Append(' ');
        }

        pendingSpace = false;
    }
}
