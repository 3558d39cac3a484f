using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Briefer.Core;
using Briefer.Core.Chunking;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Briefer.Cli.Bench;

/// <summary>
/// <c>briefer bench formats</c>: the same prose as plain text, PDF and Word, ingested end to end (extract, chunk, embed,
/// store) in a temporary store, in pages and tokens per second; and the nested-HTML inputs that used to parse in
/// super-linear time, raw (what the parser alone takes) and through the nesting guard.
/// </summary>
internal static class FormatBenchmark
{
    private const int PageChars = 2400;

    public static Command Create(Func<ParseResult, CliSettings> settings, ILabApp app)
    {
        var documents = new Option<int>("--documents") { Description = "Documents per format.", DefaultValueFactory = _ => 10 };
        var pages = new Option<int>("--pages") { Description = "Pages (Word: sections) per document.", DefaultValueFactory = _ => 10 };
        var command = new Command("formats", "Measure PDF and Word ingest throughput next to plain text, and nested-HTML parse time with and without the nesting guard.") { documents, pages };
        command.SetAction((r, ct) => RunAsync(app, r, settings(r), r.GetValue(documents), r.GetValue(pages), ct));
        return command;
    }

    private static async Task<int> RunAsync(ILabApp app, ParseResult parseResult, CliSettings settings, int documents, int pages, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var folder = Path.Combine(Path.GetTempPath(), "briefer-bench-formats-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await app.RunVerbAsync(parseResult, settings with { DataDirectory = folder }, async (host, context) =>
            {
                var pageTexts = PageTexts(documents * pages);
                output.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; {documents} documents x {pages} pages of {PageChars} characters per format.");
                // The first ingest loads the embedding model: done before anything is timed.
                await host.Services.GetRequiredService<IBriefingService>().IngestAsync(new ScopeId("bench-warmup"), Build("txt", "Warm up", pageTexts.Take(1).ToList()), cancellationToken).ConfigureAwait(false);
                output.WriteLine("format  docs  pages  chunks  tokens  extract+chunk s  pages/s  | ingest s  pages/s  tokens/s  CPU s  tokens/CPU-s");
                foreach (var format in new[] { "txt", "pdf", "docx" })
                {
                    var inputs = Enumerable.Range(0, documents)
                        .Select(d => Build(format, $"Report {d + 1}", pageTexts.Skip(d * pages).Take(pages).ToList()))
                        .ToList();
                    await MeasureAsync(host, format, inputs, pages, output, cancellationToken).ConfigureAwait(false);
                }

                MeasureNestedHtml(host.Services.GetRequiredService<DocumentLoader>(), output);
                return ExitCodes.Ok;
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task MeasureAsync(IHost host, string format, IReadOnlyList<DocumentSource> inputs, int pagesPerDocument, TextWriter output, CancellationToken cancellationToken)
    {
        var loader = host.Services.GetRequiredService<DocumentLoader>();
        var chunker = host.Services.GetRequiredService<ITextChunker>();
        var service = host.Services.GetRequiredService<IBriefingService>();
        var time = host.Services.GetRequiredService<TimeProvider>();

        var watch = Stopwatch.StartNew();
        var chunks = 0;
        foreach (var input in inputs)
        {
            chunks += (await ExtractionRunner.RunAsync(loader, chunker, input, time, cancellationToken).ConfigureAwait(false)).Chunks.Count;
        }

        var extract = watch.Elapsed.TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        long tokens = 0;
        var scope = new ScopeId("bench-" + format);
        foreach (var input in inputs)
        {
            tokens += (await service.IngestAsync(scope, input, cancellationToken).ConfigureAwait(false)).TokenCount;
        }

        var ingest = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var pages = inputs.Count * pagesPerDocument;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{format,-6}  {inputs.Count,4}  {pages,5}  {chunks,6}  {tokens,6}  {extract,15:0.00}  {pages / extract,7:0}  | {ingest,8:0.0}  {pages / ingest,7:0.0}  {tokens / ingest,8:0}  {cpuSeconds,5:0.0}  {tokens / cpuSeconds,12:0}"));
    }

    /// <summary>Nested &lt;div&gt; and unclosed &lt;i&gt;: AngleSharp alone at growing depths, then the guarded extractor at the sizes that used to hang.</summary>
    private static void MeasureNestedHtml(DocumentLoader loader, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("nested HTML                          bytes      CPU s  (raw = AngleSharp without the guard; guarded = the loader)");
        foreach (var depth in new[] { 10_000, 20_000, 40_000, 80_000 })
        {
            var html = Nested("div", depth, closed: true);
            output.WriteLine(Line($"raw <div> x {depth}", html.Length, Cpu(() => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).Dispose())));
        }

        foreach (var depth in new[] { 40_000, 80_000, 160_000 })
        {
            var html = Nested("i", depth, closed: false);
            output.WriteLine(Line($"raw <i> x {depth} (unclosed)", html.Length, Cpu(() => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).Dispose())));
        }

        var divs = Nested("div", 200_000, closed: true);
        output.WriteLine(Line("guarded <div> x 200,000", divs.Length, Cpu(() => loader.Load(new DocumentSource("div.html", "div.html", Encoding.UTF8.GetBytes(divs))))));
        var italics = Nested("i", 1_400_000, closed: false);
        output.WriteLine(Line("guarded <i> x 1,400,000 (unclosed)", italics.Length, Cpu(() => loader.Load(new DocumentSource("i.html", "i.html", Encoding.UTF8.GetBytes(italics))))));
    }

    private static string Nested(string tag, int depth, bool closed)
    {
        var builder = new StringBuilder("<html><body>");
        builder.Insert(builder.Length, $"<{tag}>", depth).Append("The text at the bottom.");
        if (closed)
        {
            builder.Insert(builder.Length, $"</{tag}>", depth);
        }

        return builder.Append("</body></html>").ToString();
    }

    private static double Cpu(Action action)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        action();
        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
    }

    private static string Line(string what, int bytes, double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{what,-36} {bytes,9:N0}  {seconds,7:0.00}");

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>Pages of prose cut from the bundled samples (cycled), each about <see cref="PageChars"/> characters.</summary>
    private static List<string> PageTexts(int count)
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "samples");
        var paragraphs = Directory.GetFiles(samples, "*.txt").Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadAllText(f).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(p => p.Length > 80)
            .ToList();
        var pages = new List<string>(count);
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            var page = new StringBuilder();
            while (page.Length < PageChars)
            {
                page.Append(paragraphs[next++ % paragraphs.Count]).Append('\n');
            }

            pages.Add(page.ToString().TrimEnd());
        }

        return pages;
    }

    private static DocumentSource Build(string format, string title, IReadOnlyList<string> pages)
    {
        var name = $"{title.ToLowerInvariant().Replace(' ', '-')}.{format}";
        var bytes = format switch
        {
            "pdf" => Pdf(title, pages),
            "docx" => Docx(title, pages),
            _ => Encoding.UTF8.GetBytes(title + "\n\n" + string.Join("\n\n", pages)),
        };
        return new DocumentSource("/bench/" + name, name, bytes);
    }

    private static byte[] Pdf(string title, IReadOnlyList<string> pages)
    {
        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var y = 800.0;
            foreach (var line in Wrap(text, 95))
            {
                page.AddText(line, 9, new UglyToad.PdfPig.Core.PdfPoint(40, y), font);
                y -= 12;
            }
        }

        return builder.Build();
    }

    private static byte[] Docx(string title, IReadOnlyList<string> pages)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = new W.Styles(
                new W.Style(new W.StyleName { Val = "heading 1" }) { Type = W.StyleValues.Paragraph, StyleId = "Heading1" });
            var body = new W.Body();
            for (var i = 0; i < pages.Count; i++)
            {
                body.Append(new W.Paragraph(new W.ParagraphProperties(new W.ParagraphStyleId { Val = "Heading1" }), new W.Run(new W.Text($"Section {i + 1}"))));
                foreach (var paragraph in pages[i].Split('\n'))
                {
                    body.Append(new W.Paragraph(new W.Run(new W.Text(paragraph))));
                }
            }

            main.Document = new W.Document(body);
            document.PackageProperties.Title = title;
        }

        return stream.ToArray();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length + word.Length + 1 > width)
                {
                    yield return line.ToString();
                    line.Clear();
                }

                line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
            }

            if (line.Length > 0)
            {
                yield return line.ToString();
            }
        }
    }
}
