using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Reads <c>.md</c>/<c>.markdown</c> files with Markdig into plain text: headings, paragraphs, list items,
/// table rows and code lines each on their own line, without markdown syntax or link URLs. Title and date
/// come from YAML front matter when present (read as plain <c>key: value</c> lines), else the first heading
/// and a date line near the top (or a date ending the title).
/// </summary>
public sealed class MarkdownExtractor : IDocumentExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .Build();

    private static readonly string[] DateKeys = ["date", "published", "pubdate", "published_at", "publishdate", "date_published", "publish_date", "created"];

    public IReadOnlyCollection<string> MediaTypes { get; } = [Ingestion.MediaTypes.Markdown, "text/x-markdown"];

    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown"];

    public ExtractedDocument Extract(DocumentContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Extract(content.DecodeText(), content.Name, content.Budget);
    }

    /// <summary>Extracts decoded Markdown, without a time limit.</summary>
    public ExtractedDocument Extract(string content, string fileName) => Extract(content, fileName, ExtractionBudget.Unlimited(fileName));

    private static ExtractedDocument Extract(string content, string fileName, ExtractionBudget budget)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        var markdown = SectionMarks.Clean(content).Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        var frontMatter = ReadFrontMatter(ref markdown);

        var document = Markdown.Parse(markdown, Pipeline);
        budget.Check();
        var builder = new StringBuilder(markdown.Length);
        var writer = new Writer(builder, new SectionMarks(), budget);
        foreach (var block in document)
        {
            WriteBlock(block, writer);
        }

        var firstHeading = writer.FirstHeading;
        var (text, sections) = writer.Marks.Resolve(builder.ToString());
        var lines = text.Split('\n');

        var title = DocumentHeader.AsTitle(frontMatter.GetValueOrDefault("title"))
            ?? DocumentHeader.AsTitle(firstHeading)
            ?? DocumentHeader.AsTitle(lines.FirstOrDefault(l => l.Length > 0));

        DateOnly? published = null;
        foreach (var key in DateKeys)
        {
            if (frontMatter.TryGetValue(key, out var value) && PublishedDateParser.TryParse(value, out var date))
            {
                published = date;
                break;
            }
        }

        return new ExtractedDocument(
            title ?? DocumentHeader.TitleFromFileName(fileName, text),
            text,
            published ?? DocumentHeader.FindDateLine(lines) ?? DocumentHeader.DateAtEndOfTitle(title))
        {
            Sections = sections,
        };
    }

    private sealed class Writer(StringBuilder builder, SectionMarks marks, ExtractionBudget budget)
    {
        public StringBuilder Builder { get; } = builder;

        public SectionMarks Marks { get; } = marks;

        public ExtractionBudget Budget { get; } = budget;

        public string? FirstHeading { get; set; }
    }

    /// <summary>
    /// Removes a leading <c>---</c> … <c>---</c> block from <paramref name="markdown"/> and returns its top-level
    /// scalar <c>key: value</c> pairs (keys lowercased, surrounding quotes removed). Nested values are ignored.
    /// </summary>
    private static Dictionary<string, string> ReadFrontMatter(ref string markdown)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!markdown.StartsWith("---\n", StringComparison.Ordinal))
        {
            return values;
        }

        var lines = markdown.Split('\n');
        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() is "---" or "...");
        if (close < 0)
        {
            return values;
        }

        foreach (var line in lines[1..close])
        {
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] is '#' or '-')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1].Trim();
            }

            if (value.Length > 0)
            {
                values.TryAdd(key, value);
            }
        }

        markdown = string.Join('\n', lines[(close + 1)..]);
        return values;
    }

    private static void WriteBlock(Block block, Writer writer)
    {
        writer.Budget.Check();
        var builder = writer.Builder;
        switch (block)
        {
            case HeadingBlock heading:
                var headingText = new StringBuilder();
                WriteInlines(heading.Inline, headingText);
                var trimmed = headingText.ToString().Trim();
                writer.FirstHeading ??= trimmed;
                writer.Marks.StartHeading(builder, heading.Level, trimmed);
                builder.Append(headingText).Append('\n');
                break;

            case CodeBlock code:
                // Fenced and indented code is kept as text, line by line.
                foreach (var line in code.Lines)
                {
                    builder.Append(line.ToString()).Append('\n');
                }

                break;

            case Table table:
                foreach (var row in table.OfType<TableRow>())
                {
                    var cells = row.OfType<TableCell>().ToList();
                    for (var i = 0; i < cells.Count; i++)
                    {
                        var cellStart = builder.Length;
                        foreach (var inner in cells[i])
                        {
                            WriteBlock(inner, writer);
                        }

                        // A row reads as one line with its cells separated, not as one line per cell.
                        builder.Replace('\n', ' ', cellStart, builder.Length - cellStart);
                        while (builder.Length > cellStart && builder[^1] == ' ')
                        {
                            builder.Length--;
                        }

                        if (i < cells.Count - 1)
                        {
                            builder.Append("; ");
                        }
                    }

                    builder.Append('\n');
                }

                break;

            case LeafBlock leaf when leaf is ParagraphBlock:
                WriteInlines(leaf.Inline, builder);
                builder.Append('\n');
                break;

            case ContainerBlock container:
                // Lists, list items, block quotes: their children are the lines.
                foreach (var child in container)
                {
                    WriteBlock(child, writer);
                }

                break;

            default:
                // Thematic breaks, raw HTML blocks and link reference definitions carry no prose.
                break;
        }
    }

    private static void WriteInlines(ContainerInline? container, StringBuilder builder)
    {
        if (container is null)
        {
            return;
        }

        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    builder.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case AutolinkInline autolink:
                    // The address is all the text an autolink has.
                    builder.Append(autolink.Url);
                    break;
                case LineBreakInline lineBreak:
                    builder.Append(lineBreak.IsHard ? '\n' : ' ');
                    break;
                case HtmlEntityInline entity:
                    builder.Append(entity.Transcoded.AsSpan());
                    break;
                case ContainerInline nested:
                    // Emphasis, links (label only, never the URL) and image alt text.
                    WriteInlines(nested, builder);
                    break;
                default:
                    // Inline HTML tags carry no prose.
                    break;
            }
        }
    }
}
