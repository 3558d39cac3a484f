using Briefer.Core.Answering;

namespace Briefer.Answers;

/// <summary>A piece of an answer's text: plain text (quotes of prose, markers), or a quoted code block and its citation.</summary>
internal sealed record TextSegment(string Text, Citation? Code = null);

/// <summary>
/// Splits an extractive answer's text ("quote [1] quote [2]") so that front ends can show each quote faithfully: a code
/// quote as a code block, a table row with its header (<see cref="QuoteDisplay"/>). A model-written answer is one plain
/// segment; so is any text the quotes cannot be found in.
/// </summary>
internal static class QuotedText
{
    public static IReadOnlyList<TextSegment> Segments(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Mode != AnswerMode.Extractive || answer.Abstained)
        {
            return [new TextSegment(answer.Text)];
        }

        var segments = new List<TextSegment>();
        var text = answer.Text;
        var at = 0;
        foreach (var citation in answer.Citations.OrderBy(c => c.N))
        {
            var display = QuoteDisplay.Text(citation);
            var found = text.IndexOf(citation.Quote, at, StringComparison.Ordinal);
            if (found < 0 || (!QuoteDisplay.IsCode(citation) && ReferenceEquals(display, citation.Quote)))
            {
                continue;
            }

            if (found > at)
            {
                segments.Add(new TextSegment(AfterCode(segments, text[at..found])));
            }

            segments.Add(QuoteDisplay.IsCode(citation) ? new TextSegment(citation.Quote, citation) : new TextSegment(display));
            at = found + citation.Quote.Length;
        }

        if (at < text.Length)
        {
            segments.Add(new TextSegment(AfterCode(segments, text[at..])));
        }

        return segments;
    }

    /// <summary>Text after a code block starts its own line: the space that joined it to the quote goes ("```\n[1] …", not "```\n [1] …").</summary>
    private static string AfterCode(List<TextSegment> segments, string text) =>
        segments.Count > 0 && segments[^1].Code is not null ? text.TrimStart(' ') : text;

    /// <summary>The answer for a terminal: code quotes fenced on lines of their own, table rows with their header.</summary>
    public static string Plain(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return string.Concat(Segments(answer).Select(s => s.Code is { } code ? "\n" + QuoteDisplay.Block(code) + "\n" : s.Text)).Trim();
    }

    /// <summary>
    /// The code citation a brief's bullet quotes, when the bullet is exactly one quoted code block (an extractive brief
    /// quotes units as <c>ask</c> does): front ends show it as a code block; null for any other bullet.
    /// </summary>
    public static Citation? Code(Brief brief, BriefBullet bullet)
    {
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(bullet);
        return brief.Mode == AnswerMode.Extractive && bullet.Citations.Count == 1
            && brief.Citations.FirstOrDefault(c => c.N == bullet.Citations[0]) is { } citation
            && QuoteDisplay.IsCode(citation) && string.Equals(bullet.Text, citation.Quote, StringComparison.Ordinal)
            ? citation
            : null;
    }
}
