using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Reads <c>.html</c>/<c>.htm</c> pages with AngleSharp: the main text comes from <c>&lt;article&gt;</c>, else
/// <c>&lt;main&gt;</c>, else <c>&lt;body&gt;</c>, without scripts, navigation, headers, footers, asides and forms;
/// block elements become line breaks so sentences of adjacent blocks never run together. The title is
/// <c>og:title</c>, else the article's first <c>&lt;h1&gt;</c>, else <c>&lt;title&gt;</c> without a trailing
/// site name ("… | Coastal Courier").
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
        var html = HtmlNestingGuard.Flatten(SectionMarks.Clean(content), maxDepth, out _);
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

        foreach (var element in document.QuerySelectorAll(Boilerplate).ToList())
        {
            element.Remove();
        }

        var root = MainElement(document);
        var builder = new StringBuilder();
        var walk = new Walk(builder, new SectionMarks(), budget);
        if (root is not null)
        {
            AppendText(root, walk, preformatted: false);
        }

        var (text, sections) = walk.Marks.Resolve(builder.ToString());
        return new ExtractedDocument(title, text, published) { Sections = sections };
    }

    private sealed record Walk(StringBuilder Builder, SectionMarks Marks, ExtractionBudget Budget)
    {
        public int Visited { get; set; }
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

    private static void AppendText(INode node, Walk walk, bool preformatted)
    {
        var builder = walk.Builder;
        foreach (var child in node.ChildNodes)
        {
            if (++walk.Visited % 1024 == 0)
            {
                walk.Budget.Check();
            }

            switch (child)
            {
                case IText text:
                    AppendTextNode(text.Data, builder, preformatted);
                    break;

                case IElement element when element.LocalName == "br":
                    builder.Append('\n');
                    break;

                case IElement element when HeadingLevel(element.LocalName) is { } level:
                    EndLine(builder);
                    walk.Marks.StartHeading(builder, level, element.TextContent);
                    AppendText(element, walk, preformatted);
                    EndLine(builder);
                    break;

                case IElement element when BlockElements.Contains(element.LocalName):
                    EndLine(builder);
                    AppendText(element, walk, preformatted || element.LocalName is "pre");
                    EndLine(builder);
                    break;

                case IElement element when CellElements.Contains(element.LocalName):
                    builder.Append(' ');
                    AppendText(element, walk, preformatted);
                    builder.Append(' ');
                    break;

                case IElement element:
                    AppendText(element, walk, preformatted || element.LocalName is "textarea");
                    break;

                default:
                    // Comments and processing instructions carry no prose.
                    break;
            }
        }
    }

    private static int? HeadingLevel(string localName) =>
        localName.Length == 2 && localName[0] == 'h' && localName[1] is >= '1' and <= '6' ? localName[1] - '0' : null;

    /// <summary>
    /// Starts a new line unless one was just started: adjacent and nested blocks give one line break,
    /// not a blank line per level of nesting.
    /// </summary>
    private static void EndLine(StringBuilder builder)
    {
        var end = builder.Length;
        while (end > 0 && builder[end - 1] == ' ')
        {
            end--;
        }

        builder.Length = end;
        if (end > 0 && builder[end - 1] != '\n')
        {
            builder.Append('\n');
        }
    }

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
