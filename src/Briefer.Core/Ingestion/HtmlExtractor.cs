using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Briefer.Core.Documents;
using AngleSharp.Html.Parser;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Reads <c>.html</c>/<c>.htm</c> pages with AngleSharp: the main text comes from <c>&lt;article&gt;</c>, else
/// <c>&lt;main&gt;</c>, else <c>&lt;body&gt;</c>, without scripts, navigation, headers, footers, asides and forms;
/// block elements become line breaks so sentences of adjacent blocks never run together. The title is
/// <c>og:title</c>, else the article's first <c>&lt;h1&gt;</c>, else <c>&lt;title&gt;</c> without a trailing
/// site name ("… | Coastal Courier"). Headings, paragraphs, list items, table rows (header cells as context), code
/// (<c>&lt;pre&gt;</c>, with its language), definitions (<c>&lt;dl&gt;</c>), quotes and note or warning boxes
/// (<c>&lt;aside&gt;</c>, <c>.admonition</c>, <c>.note</c>, <c>.warning</c>…) become <see cref="TextBlock"/>s.
/// </summary>
public sealed partial class HtmlExtractor : IDocumentExtractor
{
    private const string Boilerplate =
        "script, style, noscript, nav, header, footer, aside, form, template, svg, iframe, object, embed, canvas, "
        + "button, select, [role=navigation], [hidden], [aria-hidden=true]";

    // A trailing title part this short may be a site name; a headline left this long is still a headline.
    private const int MaxSiteNameWords = 4;
    private const int MinHeadlineWords = 3;

    private static readonly FrozenSet<string> DateMetaNames = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "article:published_time", "date", "pubdate", "publish-date", "publishdate", "publish_date",
        "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "datepublished", "sailthru.date");

    private static readonly FrozenSet<string> BlockElements = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul");

    private static readonly FrozenSet<string> AdmonitionClasses = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "admonition", "note", "tip", "hint", "info", "warning", "caution", "danger", "important", "attention", "callout", "alert", "notice");

    private static readonly FrozenSet<string> CellElements = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "td", "th");

    public IReadOnlyCollection<string> MediaTypes { get; } = [Ingestion.MediaTypes.Html, "application/xhtml+xml"];

    public IReadOnlyCollection<string> Extensions { get; } = [".html", ".htm", ".xhtml"];

    public ExtractedDocument Extract(DocumentContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Extract(content.DecodeText(), content.Name, content.Budget, content.Limits.MaxHtmlDepth);
    }

    /// <summary>Extracts decoded HTML, without a time limit and with the default nesting limit.</summary>
    public ExtractedDocument Extract(string content, string fileName) =>
        Extract(content, fileName, ExtractionBudget.Unlimited(fileName), IngestionOptions.DefaultMaxHtmlDepth);

    private static ExtractedDocument Extract(string content, string fileName, ExtractionBudget budget, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        var html = HtmlNestingGuard.Flatten(content, maxDepth, out _);
        budget.Check();
        using var document = new HtmlParser().ParseDocument(html);
        budget.Check();

        // An <h1> outside the article (in the page header) is often the site's name, so only the article's counts
        // before <title>; any <h1> is still better than the file name.
        var pageTitle = Clean(document.Title);
        var title = Clean(MetaContent(document, "og:title"))
            ?? Clean(ArticleScope(document)?.QuerySelector("h1")?.TextContent)
            ?? (pageTitle is null ? null : WithoutSiteName(pageTitle))
            ?? Clean(document.QuerySelector("h1")?.TextContent)
            ?? DocumentHeader.TitleFromFileName(fileName, document.Body?.TextContent);
        if (title.Length > DocumentHeader.MaxTitleLength)
        {
            title = string.Concat(title.AsSpan(0, DocumentHeader.MaxTitleLength).TrimEnd(), "…");
        }

        // Read the date before boilerplate goes: the <time> of an article usually sits in its <header>.
        var published = FindPublishedDate(document);

        // Note and warning boxes are often <aside>s: they are the page's content, not its furniture.
        foreach (var element in document.QuerySelectorAll(Boilerplate).Where(e => !IsAdmonition(e)).ToList())
        {
            element.Remove();
        }

        var root = MainElement(document);
        var walk = new Walk(new BlockTextBuilder(), budget);
        if (root is not null)
        {
            AppendText(root, walk, BlockKind.Paragraph, null, preformatted: false);
            walk.Flush();
        }

        var (text, sections, blocks) = walk.Output.Build();
        return new ExtractedDocument(title, text, published) { Sections = sections, Blocks = blocks };
    }

    /// <summary>The walk's state: the blocks written so far, and the text of the block being gathered.</summary>
    private sealed class Walk(BlockTextBuilder output, ExtractionBudget budget)
    {
        private BlockKind _kind;
        private string? _context;
        private bool _hasText;

        public BlockTextBuilder Output { get; } = output;

        public ExtractionBudget Budget { get; } = budget;

        public StringBuilder Pending { get; } = new();

        public int Visited { get; set; }

        /// <summary>The last definition term (<c>&lt;dt&gt;</c>): the context of the definitions after it.</summary>
        public string? Term { get; set; }

        /// <summary><paramref name="data"/> is coming for a block of <paramref name="kind"/>; the first visible text after a flush decides.</summary>
        public void Gather(BlockKind kind, string? context, string data)
        {
            if (!_hasText)
            {
                _kind = kind;
                _context = context;
                _hasText = !string.IsNullOrWhiteSpace(data);
            }
        }

        /// <summary>Writes what was gathered as one block.</summary>
        public void Flush()
        {
            if (Pending.Length > 0)
            {
                Output.Add(_kind, Pending.ToString(), _context);
                Pending.Clear();
                _hasText = false;
            }
        }
    }

    private static IElement? MainElement(IDocument document) =>
        document.QuerySelectorAll("article").MaxBy(a => a.TextContent.Length)
        ?? document.QuerySelector("main, [role=main]")
        ?? document.Body
        ?? document.DocumentElement;

    private static DateOnly? FindPublishedDate(IDocument document)
    {
        if (PublishedDateParser.TryParse(MetaContent(document, "article:published_time"), out var date))
        {
            return date;
        }

        foreach (var meta in document.QuerySelectorAll("meta[name], meta[itemprop], meta[property]"))
        {
            var name = meta.GetAttribute("name") ?? meta.GetAttribute("itemprop") ?? meta.GetAttribute("property");
            if (name is not null && DateMetaNames.Contains(name) && PublishedDateParser.TryParse(meta.GetAttribute("content"), out date))
            {
                return date;
            }
        }

        // Only a <time> of the article itself: elsewhere on the page it may date a comment or a sidebar story.
        var scope = ArticleScope(document);
        foreach (var time in scope?.QuerySelectorAll("time[datetime]") ?? Enumerable.Empty<IElement>())
        {
            if (PublishedDateParser.TryParse(time.GetAttribute("datetime"), out date))
            {
                return date;
            }
        }

        return null;
    }

    private static IElement? ArticleScope(IDocument document) =>
        document.QuerySelector("article") ?? document.QuerySelector("main, [role=main]");

    /// <summary>
    /// Removes trailing site or section names from a page title: "Strike ends after 11 days | Coastal Courier"
    /// gives "Strike ends after 11 days". A part is dropped only when it is short (at most
    /// <see cref="MaxSiteNameWords"/> words) and what stays is still a headline (at least
    /// <see cref="MinHeadlineWords"/> words), so "Brexit - what happens now" keeps its tail.
    /// </summary>
    internal static string WithoutSiteName(string title)
    {
        while (true)
        {
            var match = TitleSeparator().Match(title);
            if (!match.Success)
            {
                return title;
            }

            var head = title[..match.Index].TrimEnd();
            var tail = title[(match.Index + match.Length)..].Trim();
            if (WordCount(tail) > MaxSiteNameWords || WordCount(head) < MinHeadlineWords)
            {
                return title;
            }

            title = head;
        }
    }

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    // The last separator: " | ", " – ", " — ", " - ", " · " or " :: " with spaces around it (so "Covid-19" stays whole).
    [GeneratedRegex(@"\s+(?:\||–|—|-|·|::)\s+(?!.*\s(?:\||–|—|-|·|::)\s)", RegexOptions.CultureInvariant)]
    private static partial Regex TitleSeparator();

    /// <summary>The content of the first meta tag with this property (or, as some sites write it, this name).</summary>
    private static string? MetaContent(IDocument document, string property) =>
        document.QuerySelectorAll("meta[property], meta[name]")
            .FirstOrDefault(m => string.Equals(m.GetAttribute("property") ?? m.GetAttribute("name"), property, StringComparison.OrdinalIgnoreCase))
            ?.GetAttribute("content");

    /// <summary>
    /// Walks the main element: text goes into the block being gathered; a block element ends it and starts its own
    /// (a list item, a quote, an admonition, a definition); headings, tables and preformatted text are written whole.
    /// </summary>
    private static void AppendText(INode node, Walk walk, BlockKind kind, string? context, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            if (++walk.Visited % 1024 == 0)
            {
                walk.Budget.Check();
            }

            switch (child)
            {
                case IText text:
                    walk.Gather(kind, context, text.Data);
                    AppendTextNode(text.Data, walk.Pending, preformatted);
                    break;

                case IElement element when element.LocalName == "br":
                    walk.Pending.Append('\n');
                    break;

                case IElement element when HeadingLevel(element.LocalName) is { } level:
                    walk.Flush();
                    walk.Output.Heading(level, InlineText(element));
                    break;

                case IHtmlTableElement table:
                    walk.Flush();
                    WriteTable(table, walk);
                    break;

                case IElement element when element.LocalName == "pre":
                    walk.Flush();
                    walk.Output.Add(BlockKind.Code, element.TextContent, CodeLanguage(element));
                    break;

                case IElement element when element.LocalName == "dt":
                    walk.Flush();
                    walk.Term = InlineText(element);
                    walk.Output.Add(BlockKind.KeyValue, walk.Term);
                    break;

                case IElement element when element.LocalName == "dd":
                    Within(element, walk, BlockKind.KeyValue, walk.Term, preformatted);
                    break;

                case IElement element when IsAdmonition(element):
                    // Its title ("Note", "Warning") is the box's marker, not its text.
                    foreach (var title in element.Children.Where(c => c.ClassList.Any(n => n.Contains("title", StringComparison.OrdinalIgnoreCase) || n.Contains("heading", StringComparison.OrdinalIgnoreCase))).ToList())
                    {
                        title.Remove();
                    }

                    Within(element, walk, BlockKind.Admonition, null, preformatted);
                    break;

                case IElement element when element.LocalName == "li":
                    Within(element, walk, kind is BlockKind.Admonition or BlockKind.Quote ? kind : BlockKind.ListItem, null, preformatted);
                    break;

                case IElement element when element.LocalName == "blockquote":
                    Within(element, walk, kind == BlockKind.Admonition ? kind : BlockKind.Quote, null, preformatted);
                    break;

                case IElement element when BlockElements.Contains(element.LocalName):
                    Within(element, walk, kind, context, preformatted);
                    break;

                case IElement element:
                    AppendText(element, walk, kind, context, preformatted || element.LocalName is "textarea");
                    break;

                default:
                    // Comments and processing instructions carry no prose.
                    break;
            }
        }
    }

    /// <summary>A block element: what was gathered before it is one block, its own text another.</summary>
    private static void Within(IElement element, Walk walk, BlockKind kind, string? context, bool preformatted)
    {
        walk.Flush();
        AppendText(element, walk, kind, context, preformatted);
        walk.Flush();
    }

    /// <summary>One block per row, cells separated by " | "; the first row of header cells is every other row's context.</summary>
    private static void WriteTable(IHtmlTableElement table, Walk walk)
    {
        string? header = null;
        foreach (var row in table.Rows)
        {
            walk.Budget.Check();
            var cells = row.Cells.Select(InlineText).ToList();
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var text = string.Join(" | ", cells);
            var isHeader = row.Cells.All(c => c.LocalName == "th") || row.ParentElement?.LocalName == "thead";
            if (isHeader && header is null)
            {
                header = text;
                walk.Output.Add(BlockKind.TableRow, text);
                continue;
            }

            walk.Output.Add(BlockKind.TableRow, text, header);
        }

        if (table.Caption is { } caption)
        {
            walk.Output.Add(BlockKind.Paragraph, InlineText(caption));
        }
    }

    /// <summary>The text of an element on one line: line breaks and nested blocks become spaces.</summary>
    private static string InlineText(INode node)
    {
        var text = new StringBuilder();
        Gather(node);
        return TextNormalizer.Normalize(text.ToString()).Replace('\n', ' ');

        void Gather(INode parent)
        {
            foreach (var child in parent.ChildNodes)
            {
                if (child is IText data)
                {
                    AppendTextNode(data.Data, text, preformatted: false);
                }
                else if (child is IElement element)
                {
                    var separate = element.LocalName == "br" || BlockElements.Contains(element.LocalName) || CellElements.Contains(element.LocalName);
                    text.Append(separate ? " " : string.Empty);
                    Gather(element);
                    text.Append(separate ? " " : string.Empty);
                }
            }
        }
    }

    /// <summary>The language a code block names: <c>class="language-sh"</c> (or <c>lang-</c>) on it or its <c>&lt;code&gt;</c>, or <c>data-lang</c>.</summary>
    private static string? CodeLanguage(IElement pre)
    {
        foreach (var element in new[] { pre, pre.QuerySelector("code") })
        {
            if (element is null)
            {
                continue;
            }

            if (element.GetAttribute("data-lang") is { Length: > 0 } lang)
            {
                return lang;
            }

            foreach (var name in element.ClassList)
            {
                foreach (var prefix in (string[])["language-", "lang-"])
                {
                    if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length)
                    {
                        return name[prefix.Length..];
                    }
                }
            }
        }

        return null;
    }

    /// <summary>A note, tip or warning box: an <c>&lt;aside&gt;</c>, or an element with an admonition's class.</summary>
    private static bool IsAdmonition(IElement element) =>
        element.LocalName is "aside" or "div" or "section" or "blockquote"
        && (element.ClassList.Any(AdmonitionClasses.Contains) || element.ClassList.Any(n => n.StartsWith("admonition", StringComparison.OrdinalIgnoreCase) || n.StartsWith("callout", StringComparison.OrdinalIgnoreCase)));

    private static int? HeadingLevel(string localName) =>
        localName.Length == 2 && localName[0] == 'h' && localName[1] is >= '1' and <= '6' ? localName[1] - '0' : null;

    private static void AppendTextNode(string data, StringBuilder builder, bool preformatted)
    {
        if (preformatted)
        {
            builder.Append(data);
            return;
        }

        // Outside <pre>, a line break in the source is just a space.
        foreach (var c in data)
        {
            builder.Append(c is '\n' or '\r' or '\t' or '\f' ? ' ' : c);
        }
    }

    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var cleaned = TextNormalizer.Normalize(value).Replace('\n', ' ');
        return cleaned.Length == 0 ? null : cleaned;
    }
}
