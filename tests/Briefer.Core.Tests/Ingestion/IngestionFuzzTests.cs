using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Briefer.Core.Chunking;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Tests.Chunking;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Briefer.Core.Tests.Ingestion;

/// <summary>
/// 1,200 mutated PDF, Word, HTML and text inputs, generated from seeds with a fixed random seed: each must ingest or
/// fail with one clear line (a <see cref="DocumentRejectedException"/> naming the file), never an unhandled exception,
/// and never take longer than the time budget. The counts by reason and the slowest input are written to the test output.
/// </summary>
public sealed class IngestionFuzzTests(ITestOutputHelper output)
{
    private const int PerFormat = 300;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Ingest_MutatedInputs_EachIngestsOrFailsWithOneClearLineWithinTheBudget()
    {
        var loader = TestDocuments.Loader(new IngestionOptions { ExtractionTimeout = Budget });
        var chunker = new SentenceChunker(new WordCountTokenCounter(), Options.Create(new ChunkingOptions()));
        var random = new Random(20260111);
        var seeds = Seeds();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var slowest = (Name: string.Empty, Elapsed: TimeSpan.Zero);
        var count = 0;
        foreach (var (name, seed) in seeds)
        {
            for (var i = 0; i < PerFormat; i++)
            {
                // Half the Word mutations go inside the package (its document XML), past the ZIP's checksums.
                var input = name.EndsWith(".docx", StringComparison.Ordinal) && i % 2 == 0 ? MutateInsideZip(seed, random) : Mutate(seed, random);
                var fileName = $"fuzz-{count}{Path.GetExtension(name)}";
                var watch = Stopwatch.StartNew();
                string outcome;
                try
                {
                    var (document, _) = await ExtractionRunner.RunAsync(loader, chunker, new DocumentSource("/fuzz/" + fileName, fileName, input), TimeProvider.System, CancellationToken.None);
                    Assert.False(string.IsNullOrWhiteSpace(document.Text));
                    outcome = "ingested";
                }
                catch (DocumentRejectedException ex)
                {
                    Assert.DoesNotContain('\n', ex.Message);
                    Assert.Contains(fileName, ex.Message, StringComparison.Ordinal);
                    Assert.InRange(ex.Message.Length, 20, 600);
                    outcome = Reason(ex.Message);
                }

                watch.Stop();
                Assert.True(watch.Elapsed < Budget + TimeSpan.FromSeconds(2), $"{fileName} ({name} mutation {i}) took {watch.Elapsed}");
                if (watch.Elapsed > slowest.Elapsed)
                {
                    slowest = ($"{fileName} ({input.Length} bytes, from {name})", watch.Elapsed);
                }

                outcomes[$"{Path.GetExtension(name)} {outcome}"] = outcomes.GetValueOrDefault($"{Path.GetExtension(name)} {outcome}") + 1;
                count++;
            }
        }

        output.WriteLine($"{count} inputs; slowest: {slowest.Name} in {slowest.Elapsed.TotalMilliseconds:0} ms");
        foreach (var (key, n) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{n,5}  {key}");
        }

        Assert.True(count >= 1000);
        Assert.Contains(outcomes, o => o.Key.EndsWith(" ingested", StringComparison.Ordinal));
    }

    [Fact]
    public void MutateInsideZip_NoMutation_StillAWordDocument()
    {
        var docx = Seeds().Single(s => s.Name.EndsWith(".docx", StringComparison.Ordinal)).Bytes;

        var document = TestDocuments.Loader().Load(new DocumentSource("/fuzz/a.docx", "a.docx", Repackage(docx, bytes => bytes)));

        Assert.Contains("dredging", document.Text, StringComparison.Ordinal);
    }

    private static List<(string Name, byte[] Bytes)> Seeds() =>
    [
        ("report.pdf", TestDocuments.Pdf("Harbour report", ["Harbour report", "Berths 3 and 4 reopened in March."], ["Costs rose by twelve percent.", "The council approved it."])),
        ("review.docx", TestDocuments.Docx("Review", new DateTime(2026, 1, 9, 0, 0, 0, DateTimeKind.Utc), [new("Budget", "Heading1"), new("The dredging cost 4.2 million euros."), new("More buses.", ListItem: true)], [["Berth", "Depth"], ["3", "11 m"]])),
        ("page.html", Encoding.UTF8.GetBytes("<!doctype html><html><head><title>Storm | Courier</title><meta property=\"article:published_time\" content=\"2026-01-09\"></head><body><nav>Home</nav><article><h1>Storm hits the pier</h1><p>Waves damaged two lamps on Tuesday night.</p><h2>Repairs</h2><p>The council will pay for the repairs, the mayor said.</p><table><tr><td>Lamps</td><td>2</td></tr></table></article></body></html>")),
        ("note.txt", Encoding.UTF8.GetBytes("Ferry timetable\nDate: 2026-01-09\n\nThe ferry to Brightwater leaves at nine every morning from pier four. Tickets cost three euros.\nCafé crème served on board.")),
    ];

    private static byte[] MutateInsideZip(byte[] package, Random random) => Repackage(package, bytes => Mutate(bytes, random));

    private static byte[] Repackage(byte[] package, Func<byte[], byte[]> mutateDocument)
    {
        using var input = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                using var buffer = new MemoryStream();
                using (var source = entry.Open())
                {
                    source.CopyTo(buffer);
                }

                var bytes = entry.FullName == "word/document.xml" ? mutateDocument(buffer.ToArray()) : buffer.ToArray();
                using var target = zip.CreateEntry(entry.FullName).Open();
                target.Write(bytes);
            }
        }

        return output.ToArray();
    }

    /// <summary>One to four of: flip bytes, truncate, cut out a run, duplicate a run, insert random bytes, insert nesting.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var steps = random.Next(1, 5);
        for (var s = 0; s < steps && bytes.Count > 0; s++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    for (var k = random.Next(1, 16); k > 0; k--)
                    {
                        bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    }

                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 512), bytes.Count - at));
                    break;
                case 3:
                    var length = Math.Min(random.Next(1, 2048), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4:
                    var noise = new byte[random.Next(1, 256)];
                    random.NextBytes(noise);
                    bytes.InsertRange(at, noise);
                    break;
                default:
                    bytes.InsertRange(at, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(random.Next(2) == 0 ? "<div>" : "<i>", random.Next(100, 5000)))));
                    break;
            }
        }

        return [.. bytes];
    }

    private static string Reason(string message)
    {
        string[] reasons =
        [
            "damaged", "no text layer", "password", "ZIP bomb", "not valid UTF-8", "UTF-16", "binary file", "control characters",
            "is empty", "no readable text", "without a document body", "took longer", "unpacks to more", "image", "not a PDF", "not a .docx", "compressed archive", "not supported",
        ];
        return reasons.FirstOrDefault(r => message.Contains(r, StringComparison.Ordinal)) ?? "other: " + message[..Math.Min(80, message.Length)];
    }
}
