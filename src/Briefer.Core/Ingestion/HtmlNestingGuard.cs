using System.Collections.Frozen;
using System.Text;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Flattens HTML nested beyond a sane depth before the parser sees it. HTML parsers do work per open element for many
/// tokens (the tree builder's scope checks, re-opening formatting elements), so thousands of unclosed
/// <c>&lt;div&gt;</c> or <c>&lt;i&gt;</c> make parsing super-linear: megabytes of them took minutes. One linear scan
/// keeps a stack of open elements and drops the tags (never the text) that would open deeper than the limit, with their
/// end tags. No real page comes near the default limit; the text of a hostile one survives, only its markup is cut.
/// </summary>
internal static class HtmlNestingGuard
{
    private static readonly FrozenSet<string> VoidElements = FrozenSet.Create(
        StringComparer.Ordinal,
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image");

    // Elements whose end tag may be left out: counting them would make ordinary <p>-without-</p> pages look deep.
    private static readonly FrozenSet<string> OptionalEnd = FrozenSet.Create(
        StringComparer.Ordinal,
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "rtc", "tbody", "thead", "tfoot", "colgroup", "caption", "html", "head", "body");

    private static readonly FrozenSet<string> RawText = FrozenSet.Create(
        StringComparer.Ordinal, "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript");

    /// <summary>The HTML with tags deeper than <paramref name="maxDepth"/> removed; <paramref name="deepest"/> is the depth the input asked for.</summary>
    public static string Flatten(string html, int maxDepth, out int deepest)
    {
        ArgumentNullException.ThrowIfNull(html);
        var stack = new List<string>();
        var dropped = new Dictionary<string, int>(StringComparer.Ordinal);
        StringBuilder? output = null;
        var copied = 0;
        var droppedOpen = 0;
        deepest = 0;
        var i = 0;
        while (true)
        {
            var open = html.IndexOf('<', i);
            if (open < 0 || open + 1 >= html.Length)
            {
                break;
            }

            var next = html[open + 1];
            if (next == '!' || next == '?')
            {
                var endMarker = html.AsSpan(open).StartsWith("<!--") ? "-->" : ">";
                var close = html.IndexOf(endMarker, open + 2, StringComparison.Ordinal);
                i = close < 0 ? html.Length : close + endMarker.Length;
                continue;
            }

            var isEnd = next == '/';
            var nameStart = open + (isEnd ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':' or '_'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                i = open + 1;
                continue;
            }

            var tagEnd = TagEnd(html, nameEnd);
            var name = html[nameStart..nameEnd].ToLowerInvariant();
            var keep = true;
            if (isEnd)
            {
                var at = stack.LastIndexOf(name);
                if (at >= 0)
                {
                    stack.RemoveRange(at, stack.Count - at);
                }
                else if (dropped.TryGetValue(name, out var count) && count > 0)
                {
                    dropped[name] = count - 1;
                    droppedOpen--;
                    keep = false;
                }
            }
            else if (RawText.Contains(name))
            {
                // Its content is text to the parser, never tags: skip to its end tag.
                var close = html.IndexOf("</" + name, tagEnd, StringComparison.OrdinalIgnoreCase);
                tagEnd = close < 0 ? html.Length : close;
            }
            else if (!VoidElements.Contains(name) && !OptionalEnd.Contains(name) && !(tagEnd >= 2 && html[tagEnd - 1] == '>' && html[tagEnd - 2] == '/'))
            {
                if (stack.Count >= maxDepth)
                {
                    dropped[name] = dropped.GetValueOrDefault(name) + 1;
                    droppedOpen++;
                    keep = false;
                    deepest = Math.Max(deepest, stack.Count + droppedOpen);
                }
                else
                {
                    stack.Add(name);
                    deepest = Math.Max(deepest, stack.Count);
                }
            }

            if (!keep)
            {
                output ??= new StringBuilder(html.Length);
                output.Append(html, copied, open - copied);
                copied = tagEnd;
            }

            i = tagEnd;
        }

        if (output is null)
        {
            return html;
        }

        output.Append(html, copied, html.Length - copied);
        return output.ToString();
    }

    /// <summary>The index just past the '>' closing a tag, skipping quoted attribute values.</summary>
    private static int TagEnd(string html, int from)
    {
        char quote = '\0';
        for (var i = from; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i + 1;
            }
        }

        return html.Length;
    }
}
