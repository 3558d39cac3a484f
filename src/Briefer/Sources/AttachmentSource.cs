namespace Briefer.Sources;

/// <summary>
/// How a document uploaded to Discord is named as a source: <c>attachment:&lt;file name&gt;</c> (the bot's downloader
/// writes it; every renderer shows it as the file name).
/// </summary>
public static class AttachmentSource
{
    public const string Prefix = "attachment:";
}
