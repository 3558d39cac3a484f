using Briefer.Core.Documents;

namespace Briefer.Core.Answering;

/// <summary>
/// How a quote is shown faithfully: a table row with its header ("Flag: --port | Default: 80"), code as a fenced code
/// block in its language, prose as it is. The citation's <see cref="Citation.Quote"/> stays the exact document text;
/// only the display adds the header.
/// </summary>
public static class QuoteDisplay
{
    /// <summary>The quote as a reader should read it: each table row with its header; anything else unchanged.</summary>
    public static string Text(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        if (citation.Kind != BlockKind.TableRow || citation.Context is not { Length: > 0 } header)
        {
            return citation.Quote;
        }

        // Consecutive rows of one table share a quote: each line is a row, shown with the header's names.
        return string.Join('\n', citation.Quote.Split('\n').Select(row => row.Trim().Length == 0 ? row : UnitBuilder.WithHeader(row.TrimEnd('\r'), header)));
    }

    /// <summary>Whether the quote is code, to be shown as a code block.</summary>
    public static bool IsCode(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return citation.Kind == BlockKind.Code;
    }

    /// <summary>
    /// The code of the quote as a Markdown fenced code block (Discord and terminals), with its language when known; a
    /// fence inside the quote is broken with a zero-width space so it cannot close the block early. The sentence that
    /// introduces it (<see cref="LeadIn"/>) is not in the block.
    /// </summary>
    public static string Fenced(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        var language = citation.Context is { Length: > 0 } lang && lang.All(c => char.IsLetterOrDigit(c) || c is '-' or '+' or '#' or '_') ? lang : string.Empty;
        var code = citation.Quote[CodeStart(citation)..].Trim('\n', '\r');
        return $"```{language}\n{code.Replace("```", "``\u200B`", StringComparison.Ordinal)}\n```";
    }

    /// <summary>The sentence a code quote opens with, introducing the code ("Start the daemon with this command:"); empty when none.</summary>
    public static string LeadIn(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return citation.Quote[..CodeStart(citation)].Trim();
    }

    /// <summary>A code quote for a terminal: its lead-in on a line of its own, then the code block.</summary>
    public static string Block(Citation citation, Func<string, string>? escapeLeadIn = null)
    {
        var leadIn = LeadIn(citation);
        return leadIn.Length == 0 ? Fenced(citation) : (escapeLeadIn?.Invoke(leadIn) ?? leadIn) + "\n" + Fenced(citation);
    }

    private static int CodeStart(Citation citation) =>
        citation.Kind == BlockKind.Code && citation.CodeStart > 0 && citation.CodeStart < citation.Quote.Length ? citation.CodeStart : 0;
}
