namespace Briefer.Core.Ingestion;

/// <summary>
/// Reads <c>.txt</c> files: the text as written; the title is a "Subject:"/"Re:"/"Title:" line near the top,
/// else the first line when it is short enough to be one, else the file name; the published date comes only
/// from a date line near the top or a date ending the title.
/// </summary>
public sealed class PlainTextExtractor : IDocumentExtractor
{
    public IReadOnlyCollection<string> MediaTypes { get; } = [Ingestion.MediaTypes.PlainText];

    public IReadOnlyCollection<string> Extensions { get; } = [".txt", ".text"];

    public ExtractedDocument Extract(DocumentContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Extract(content.DecodeText(), content.Name);
    }

    public ExtractedDocument Extract(string content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        var text = TextNormalizer.Normalize(content);
        var lines = text.Split('\n');
        var title = DocumentHeader.FindSubjectLine(lines)
            ?? DocumentHeader.AsTitle(lines.FirstOrDefault(l => l.Length > 0 && !DocumentHeader.IsDateLine(l)));
        var published = DocumentHeader.FindDateLine(lines) ?? DocumentHeader.DateAtEndOfTitle(title);
        return new ExtractedDocument(title ?? DocumentHeader.TitleFromFileName(fileName, text), text, published);
    }
}
