using Briefer.Answers;
using Briefer.Core.Digests;
using Briefer.Discord.Models;

namespace Briefer.Digests;

/// <summary>
/// A digest as a Discord message: the brief's embed (bullets with their [n] markers, sources listed, document text
/// Markdown-escaped) titled "Digest: topic", a subtext line saying what period it covers, pinging nobody
/// (<c>allowed_mentions.parse = []</c>) and, unless <see cref="DigestOptions.Notify"/>, posted silently.
/// </summary>
internal static class DigestMessages
{
    public static MessageParams Digest(Digest digest, DigestRecurrence recurrence, bool notify)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(recurrence);
        var brief = AnswerRenderer.Brief(digest.Brief);
        var embed = brief.Embeds![0] with { Title = AnswerRenderer.Trim("Digest: " + AnswerRenderer.EscapeMarkdown(digest.Topic), DiscordLimits.EmbedTitle) };
        var documents = digest.NewDocuments == 1 ? "1 new document" : $"{digest.NewDocuments} new documents";
        return brief with
        {
            Content = $"-# New since {recurrence.Format(digest.Window.IngestedSince)} ({recurrence.Zone.Id}) · {documents}",
            Embeds = [embed],
            AllowedMentions = AllowedMentions.None,
            Flags = notify ? null : MessageFlags.SuppressNotifications,
        };
    }

    /// <summary>The configured "nothing new" line, with <c>{topic}</c> and <c>{since}</c> filled in.</summary>
    public static MessageParams NothingNew(string template, Digest digest, DigestRecurrence recurrence, bool notify)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(digest);
        var text = template
            .Replace("{topic}", AnswerRenderer.EscapeMarkdown(digest.Topic), StringComparison.Ordinal)
            .Replace("{since}", $"{recurrence.Format(digest.Window.IngestedSince)} ({recurrence.Zone.Id})", StringComparison.Ordinal);
        return AnswerRenderer.Text(text) with { Flags = notify ? null : MessageFlags.SuppressNotifications };
    }
}
