using System.Text;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Ingestion;

public sealed class DocumentLoaderTests
{
    private const string Article = "Talks resume\nDelegates met on Monday. They agreed on a plan.";

    private static DocumentLoader CreateLoader(long maxBytes = IngestionOptions.DefaultMaxDocumentBytes) =>
        new([new PlainTextExtractor()], Options.Create(new IngestionOptions { MaxDocumentBytes = maxBytes }));

    private static DocumentSource Source(string fileName, byte[] content, string? contentType = null) =>
        new($"/docs/{fileName}", fileName, content, contentType);

    private static DocumentRejectedException Rejected(DocumentSource source, DocumentLoader? loader = null) =>
        Assert.Throws<DocumentRejectedException>(() => (loader ?? CreateLoader()).Load(source));

    [Fact]
    public void Load_Utf8Text_ReturnsExtractedDocument()
    {
        var document = CreateLoader().Load(Source("talks.txt", Encoding.UTF8.GetBytes(Article)));

        Assert.Equal("Talks resume", document.Title);
        Assert.Equal(Article, document.Text);
    }

    [Fact]
    public void Load_Utf8WithBom_DropsBom()
    {
        var document = CreateLoader().Load(Source("talks.txt", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Article)]));

        Assert.Equal(Article, document.Text);
    }

    [Fact]
    public void Load_Utf16LittleEndianWithBom_IsDecoded()
    {
        var document = CreateLoader().Load(Source("talks.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Article)]));

        Assert.Equal(Article, document.Text);
    }

    [Fact]
    public void Load_Utf16BigEndianWithBom_IsDecoded()
    {
        var document = CreateLoader().Load(Source("talks.txt", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Article)]));

        Assert.Equal(Article, document.Text);
    }

    [Fact]
    public void Load_CrlfLineEnds_TextHasLineFeedsOnly()
    {
        var document = CreateLoader().Load(Source("talks.txt", Encoding.UTF8.GetBytes(Article.Replace("\n", "\r\n", StringComparison.Ordinal))));

        Assert.Equal(Article, document.Text);
    }

    [Fact]
    public void Load_NoExtensionButPlainTextContentType_UsesTextExtractor()
    {
        var document = CreateLoader().Load(Source("download", Encoding.UTF8.GetBytes(Article), "text/plain; charset=utf-8"));

        Assert.Equal("Talks resume", document.Title);
    }

    [Fact]
    public void Load_UppercaseExtension_IsAccepted()
    {
        var document = CreateLoader().Load(Source("TALKS.TXT", Encoding.UTF8.GetBytes(Article)));

        Assert.Equal(Article, document.Text);
    }

    [Fact]
    public void Load_UnsupportedExtension_RejectsListingSupportedFormats()
    {
        var ex = Rejected(Source("report.pdf", Encoding.UTF8.GetBytes(Article)));

        Assert.Contains("'report.pdf'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'.pdf' file, which is not supported", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Supported formats: .text, .txt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoExtensionAndNoContentType_RejectsAsUnknownFormat()
    {
        var ex = Rejected(Source("README", Encoding.UTF8.GetBytes(Article)));

        Assert.Contains("'README'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no file extension", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TooLarge_RejectsNamingLimitAndSetting()
    {
        var ex = Rejected(Source("big.txt", new byte[3 * 1024 * 1024]), CreateLoader(maxBytes: 1024 * 1024));

        Assert.Contains("'big.txt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 MB, over the 1 MB limit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Ingestion:MaxDocumentBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZeroBytes_RejectsAsEmpty()
    {
        var ex = Rejected(Source("empty.txt", []));

        Assert.Contains("'empty.txt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is empty (0 bytes)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OnlyWhitespace_RejectsAsEmpty()
    {
        var ex = Rejected(Source("blank.txt", Encoding.UTF8.GetBytes(" \r\n\t \n")));

        Assert.Contains("is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NulBytes_RejectsAsBinary()
    {
        var ex = Rejected(Source("image.txt", [0x42, 0x49, 0x4E, 0x47, 0x00, 0x00, 0x0D, 0x0A]));

        Assert.Contains("'image.txt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("binary file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NUL bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Utf16WithoutBom_RejectsSayingSo()
    {
        var ex = Rejected(Source("notes.txt", Encoding.Unicode.GetBytes(Article)));

        Assert.Contains("'notes.txt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UTF-16 text without a byte order mark", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Save it as UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnsupportedExtensionButTextContentType_UsesContentType()
    {
        var document = CreateLoader().Load(Source("story.php", Encoding.UTF8.GetBytes(Article), "text/plain"));

        Assert.Equal("Talks resume", document.Title);
    }

    [Fact]
    public void Load_ManyControlCharacters_RejectsAsBinary()
    {
        var bytes = Enumerable.Range(0, 100).Select(i => (byte)(i % 3 == 0 ? 0x01 : 'a')).ToArray();

        var ex = Rejected(Source("odd.txt", bytes));

        Assert.Contains("binary file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("control characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Latin1Bytes_RejectsAsNotUtf8()
    {
        var ex = Rejected(Source("latin.txt", [.. Encoding.ASCII.GetBytes("Caf"), 0xE9, .. Encoding.ASCII.GetBytes(" au lait.")]));

        Assert.Contains("'latin.txt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Save it as UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NothingLeftAfterExtraction_Rejects()
    {
        var loader = new DocumentLoader([new EmptyExtractor()], Options.Create(new IngestionOptions()));

        var ex = Rejected(Source("page.txt", Encoding.UTF8.GetBytes(Article)), loader);

        Assert.Contains("'page.txt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no readable text left after extraction", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SupportedExtensions_TextExtractor_ListsItsExtensions()
    {
        Assert.Equal([".text", ".txt"], CreateLoader().SupportedExtensions);
    }

    private sealed class EmptyExtractor : IDocumentExtractor
    {
        public IReadOnlyCollection<string> MediaTypes => [Briefer.Core.Ingestion.MediaTypes.PlainText];

        public IReadOnlyCollection<string> Extensions => [".txt"];

        public ExtractedDocument Extract(DocumentContent content) => new("t", string.Empty, null);
    }

    private static DocumentLoader CreateHtmlLoader() =>
        new([new PlainTextExtractor(), new HtmlExtractor()], Options.Create(new IngestionOptions()));

    private static byte[] Latin1Html(string head) =>
        [.. Encoding.ASCII.GetBytes($"<html><head>{head}<title>Caf"), 0xE9, .. Encoding.ASCII.GetBytes(" prices</title></head><body><p>Caf"),
            0xE9, .. Encoding.ASCII.GetBytes(" owners "), 0x93, .. Encoding.ASCII.GetBytes("relieved"), 0x94, .. Encoding.ASCII.GetBytes(".</p></body></html>")];

    [Fact]
    public void Load_HtmlMetaCharsetIso88591_DecodesAsWindows1252()
    {
        var document = CreateHtmlLoader().Load(Source("cafe.html", Latin1Html("<meta charset=\"iso-8859-1\">")));

        Assert.Equal("Café prices", document.Title);
        Assert.Equal("Café owners \u201Crelieved\u201D.", document.Text);
    }

    [Fact]
    public void Load_HtmlHttpEquivWindows1252_Decodes()
    {
        var head = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">";

        var document = CreateHtmlLoader().Load(Source("cafe.htm", Latin1Html(head)));

        Assert.Equal("Café owners \u201Crelieved\u201D.", document.Text);
    }

    [Fact]
    public void Load_HtmlMetaCharsetButValidUtf8_DecodesAsUtf8()
    {
        var html = "<html><head><meta charset=\"windows-1252\"><title>Café</title></head><body><p>Crème brûlée.</p></body></html>";

        var document = CreateHtmlLoader().Load(Source("cafe.html", Encoding.UTF8.GetBytes(html)));

        Assert.Equal("Crème brûlée.", document.Text);
    }

    [Fact]
    public void Load_ContentTypeCharset_DecodesWithIt()
    {
        var bytes = Encoding.ASCII.GetBytes("Talks resume\nDelegates met in Z").Concat(new byte[] { 0xFC }).Concat(Encoding.ASCII.GetBytes("rich.")).ToArray();

        var document = CreateLoader().Load(Source("talks", bytes, "text/plain; charset=ISO-8859-1"));

        Assert.Equal("Talks resume\nDelegates met in Zürich.", document.Text);
    }

    [Fact]
    public void Load_ContentTypeQuotedCharsetOtherCodePage_DecodesWithIt()
    {
        // "Привет" in KOI8-R.
        byte[] bytes = [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, (byte)'\n', (byte)'o', (byte)'k'];

        var document = CreateLoader().Load(Source("greeting.txt", bytes, "text/plain; charset=\"koi8-r\""));

        Assert.Equal("Привет\nok", document.Text);
    }

    [Fact]
    public void Load_ContentTypeUtf16WithoutBom_DecodesWithIt()
    {
        var document = CreateLoader().Load(Source("talks.txt", Encoding.Unicode.GetBytes(Article), "text/plain; charset=utf-16"));

        Assert.Equal(Article, document.Text);
    }

    [Fact]
    public void Load_HtmlContentTypeWithCharsetAndNoExtension_UsesHtmlExtractorAndCharset()
    {
        var document = CreateHtmlLoader().Load(Source("news", Latin1Html(string.Empty), "text/html; charset=windows-1252"));

        Assert.Equal("Café prices", document.Title);
    }

    [Fact]
    public void Load_ContentTypeUnknownCharset_RejectsNamingIt()
    {
        var ex = Rejected(Source("talks.txt", Encoding.ASCII.GetBytes(Article), "text/plain; charset=x-made-up-9"));

        Assert.Contains("'talks.txt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'x-made-up-9'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a known encoding", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HtmlMetaUnknownCharset_RejectsNamingIt()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => CreateHtmlLoader().Load(Source("cafe.html", Latin1Html("<meta charset=\"klingon-1\">"))));

        Assert.Contains("'klingon-1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("<meta charset>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HtmlWithoutDeclarationNotUtf8_RejectsAsNotUtf8()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => CreateHtmlLoader().Load(Source("cafe.html", Latin1Html(string.Empty))));

        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeclaredCharsetWithNulBytes_RejectsAsBinary()
    {
        var ex = Rejected(Source("image.txt", [0x42, 0x49, 0x4E, 0x47, 0x00, 0x00, 0x0D, 0x0A], "text/plain; charset=windows-1252"));

        Assert.Contains("binary file", ex.Message, StringComparison.Ordinal);
    }
}
