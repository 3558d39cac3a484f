using System.Text;
using Briefer.Core.Documents;
using Markdig;
using Markdig.Extensions.Alerts;
using Markdig.Extensions.CustomContainers;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Reads <c>.md</c>/<c>.markdown</c> files with Markdig into plain text and <see cref="TextBlock"/>s: headings,
/// paragraphs, list items (nested ones too), table rows ("a | b", with the header cells as context), code blocks (with
/// their language), block quotes, key–value lines and admonitions (<c>::: tip</c> containers, GitHub <c>&gt; [!NOTE]</c>
/// alerts, their markers dropped), each on its own line(s), without markdown syntax or link URLs. Title and date
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
        .UseCustomContainers()
        .UseAlertBlocks()
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
        var markdown = content.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        var frontMatter = ReadFrontMatter(ref markdown);

        var document = Markdown.Parse(markdown, Pipeline);
        budget.Check();
        var writer = new Writer(new BlockTextBuilder(), budget);
        foreach (var block in document)
        {
            WriteBlock(block, writer);
        }

        var firstHeading = writer.Output.FirstHeading;
        var (text, sections, blocks) = writer.Output.Build();
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
            Blocks = blocks,
        };
    }

    private sealed class Writer(BlockTextBuilder output, ExtractionBudget budget)
    {
        public BlockTextBuilder Output { get; } = output;

        public ExtractionBudget Budget { get; } = budget;
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

    private static void WriteBlock(Block block, Writer writer, BlockKind paragraphKind = BlockKind.Paragraph)
    {
        writer.Budget.Check();
        var output = writer.Output;
        switch (block)
        {
            case HeadingBlock heading:
                output.Heading(heading.Level, Inlines(heading.Inline));
                break;

            case FencedCodeBlock fenced:
                output.Add(BlockKind.Code, CodeText(fenced), string.IsNullOrWhiteSpace(fenced.Info) ? null : fenced.Info.Trim());
                break;

            case CodeBlock code:
                // Indented code is kept as text, line by line, like fenced code.
                output.Add(BlockKind.Code, CodeText(code));
                break;

            case Table table:
                WriteTable(table, writer);
                break;

            case ParagraphBlock paragraph:
                WriteParagraph(paragraph, output, paragraphKind);
                break;

            case ListItemBlock item:
                // The item's own paragraphs are list items; nested lists give items of their own.
                foreach (var child in item)
                {
                    WriteBlock(child, writer, paragraphKind is BlockKind.Admonition or BlockKind.Quote ? paragraphKind : BlockKind.ListItem);
                }

                break;

            case AlertBlock alert:
                // A GitHub alert ("> [!NOTE]"): the marker is the block's kind, never part of its text.
                WriteChildren(alert, writer, BlockKind.Admonition);
                break;

            case CustomContainer container:
                // A "::: tip Title" container (VitePress, Docusaurus): its marker line is not text either.
                WriteChildren(container, writer, BlockKind.Admonition);
                break;

            case QuoteBlock quote:
                WriteChildren(quote, writer, paragraphKind == BlockKind.Admonition ? paragraphKind : BlockKind.Quote);
                break;

            case ContainerBlock container:
                // Lists and other containers: their children are the blocks.
                WriteChildren(container, writer, paragraphKind);
                break;

            default:
                // Thematic breaks, raw HTML blocks and link reference definitions carry no prose.
                break;
        }
    }

    private static void WriteChildren(ContainerBlock container, Writer writer, BlockKind paragraphKind)
    {
        foreach (var child in container)
        {
            WriteBlock(child, writer, paragraphKind);
        }
    }

    /// <summary>
    /// A paragraph whose source lines are all <c>key: value</c> lines ("**Type:** string" then "**Default:** 512") keeps
    /// its line breaks, one key–value block per line; any other paragraph reads as one line, as Markdown renders it.
    /// </summary>
    private static void WriteParagraph(ParagraphBlock paragraph, BlockTextBuilder output, BlockKind kind)
    {
        var lines = Inlines(paragraph.Inline, softBreak: '\n');
        if (!lines.Contains('\n', StringComparison.Ordinal) || (kind is BlockKind.Paragraph or BlockKind.ListItem && KeyValueLine.AllLines(TextNormalizer.Normalize(lines))))
        {
            output.Add(kind, lines);
            return;
        }

        output.Add(kind, Inlines(paragraph.Inline));
    }

    /// <summary>
    /// One block per row, its cells separated by " | " so a quote shows the row as the table does
    /// ("--port &lt;n&gt; | Port to listen on"); the header row's cells are every other row's context.
    /// </summary>
    private static void WriteTable(Table table, Writer writer)
    {
        string? header = null;
        foreach (var row in table.OfType<TableRow>())
        {
            writer.Budget.Check();
            var cells = row.OfType<TableCell>().Select(cell => string.Join(' ', cell.OfType<LeafBlock>().Select(leaf => Inlines(leaf.Inline)))).ToList();
            var text = string.Join(" | ", cells.Select(c => TextNormalizer.Normalize(c).Replace('\n', ' ')));
            if (row.IsHeader && header is null)
            {
                header = text;
                writer.Output.Add(BlockKind.TableRow, text);
                continue;
            }

            writer.Output.Add(BlockKind.TableRow, text, header);
        }
    }

    private static string CodeText(LeafBlock code)
    {
        var text = new StringBuilder();
        foreach (var line in code.Lines)
        {
            text.Append(line.ToString()).Append('\n');
        }

        return text.ToString();
    }

    private static string Inlines(ContainerInline? container, char softBreak = ' ')
    {
        var text = new StringBuilder();
        WriteInlines(container, text, softBreak);
        return text.ToString();
    }

    private static void WriteInlines(ContainerInline? container, StringBuilder builder, char softBreak)
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
                    builder.Append(lineBreak.IsHard ? '\n' : softBreak);
                    break;
                case HtmlEntityInline entity:
                    builder.Append(entity.Transcoded.AsSpan());
                    break;
                case ContainerInline nested:
                    // Emphasis, links (label only, never the URL) and image alt text.
                    WriteInlines(nested, builder, softBreak);
                    break;
                default:
                    // Inline HTML tags carry no prose.
                    break;
            }
        }
    }
}
