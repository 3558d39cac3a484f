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
        var nfc = text.Replace("\r\n", "\n", StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(nfc.Length);
        var pendingSpace = false;
        var newlines = 0;

        foreach (var raw in nfc)
        {
            var c = raw switch
            {
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
            builder.Append(c);
        }

        return builder.ToString();
    }
}
