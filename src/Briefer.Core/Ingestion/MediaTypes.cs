namespace Briefer.Core.Ingestion;

/// <summary>The media types Briefer reads, as the extractors declare them.</summary>
public static class MediaTypes
{
    public const string PlainText = "text/plain";
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
}
