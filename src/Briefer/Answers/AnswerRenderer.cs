using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Briefer.Audiences;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Discord.Models;
using Briefer.Sources;

namespace Briefer.Answers;

/// <summary>
/// Turns answers, briefs and source lists into Discord messages that respect every length limit (trimming
/// with an ellipsis rather than risking a 400), and that never ping anyone: <c>allowed_mentions: {"parse": []}</c>.
/// Text that comes from documents (quotes, titles, sources) is Markdown-escaped, so an ingested page cannot
/// plant masked links, headings or spoilers in the bot's messages; only the bot's own <c>[n]</c> markers stay plain.
/// </summary>
public static partial class AnswerRenderer
{
    /// <summary>What an asker is told when answering failed unexpectedly (the details go to the log).</summary>
    public const string SomethingWentWrong = "Sorry, something went wrong while answering. Please try again; if it keeps happening, tell a server admin.";

    private const int AnswerColor = 0x2B6CB0;
    private const int AbstainColor = 0x718096;
    private const int MaxSourceLine = 300;

    /// <summary>What an abstention's footer says when the server has no documents at all.</summary>
    public const string NothingLoaded = "No documents are loaded in this server yet. An admin can add one with /ingest.";

    public static MessageParams Answer(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        // An abstention says why in the footer ("Why: no source mentions "Cuba""), so the asker can rephrase or load a document.
        var note = answer.Note ?? (answer.Abstained
            ? answer.DocumentsInScope == 0 ? NothingLoaded : answer.AbstainReason is { Length: > 0 } reason ? "Why: " + reason : null
            : null);
        return Message(Embed(EscapeMarkdown(answer.Question), AnswerText(answer), answer.Abstained, answer.Citations, note));
    }

    /// <summary>
    /// The answer's text for an embed: document text escaped (markers kept), a quoted code block as a fenced code block
    /// (its content needs no escaping there), a table row with its header.
    /// </summary>
    internal static string AnswerText(Answer answer) =>
        string.Concat(Answers.QuotedText.Segments(answer).Select(s => s.Code is { } code ? "\n" + QuoteDisplay.Block(code, EscapeMarkdown) + "\n" : EscapeKeepingMarkers(s.Text))).Trim();

    public static MessageParams Brief(Brief brief)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var text = brief.Abstained || brief.Bullets.Count == 0
            ? EscapeMarkdown(brief.Note ?? (brief.DocumentsInScope == 0 ? NothingLoaded : "The loaded documents say nothing about this topic."))
            : string.Join('\n', brief.Bullets.Select(b => BulletLine(brief, b)));
        return Message(Embed("Brief: " + EscapeMarkdown(brief.Topic), text, brief.Abstained, brief.Citations, brief.Abstained ? null : brief.Note));
    }

    /// <summary>A brief's bullet: document text escaped (markers kept); a quoted code block as a fenced block under its marker.</summary>
    private static string BulletLine(Brief brief, BriefBullet bullet)
    {
        var markers = bullet.Citations.Count == 0 ? string.Empty : " " + string.Concat(bullet.Citations.Select(n => $"[{n}]"));
        if (Answers.QuotedText.Code(brief, bullet) is not { } code)
        {
            return "• " + EscapeKeepingMarkers(bullet.Text.Trim()) + markers;
        }

        var leadIn = QuoteDisplay.LeadIn(code);
        return "•" + (leadIn.Length > 0 ? " " + EscapeMarkdown(leadIn) : string.Empty) + markers + "\n" + QuoteDisplay.Fenced(code);
    }

    /// <summary>
    /// The <c>/sources</c> list. A document restricted to a channel's readers or to roles says so to every reader (the
    /// list holds only documents the channel's readers may all read, so the note names nothing hidden from them);
    /// admins also see <c>visible to everyone</c> on the others.
    /// </summary>
    /// <param name="showVisibility">Admins see who may read each document, open ones included.</param>
    public static MessageParams Sources(IReadOnlyList<DocumentRecord> documents, bool showVisibility = false)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return Text(NothingLoaded);
        }

        var lines = documents.OrderByDescending(d => d.IngestedAt).Select(d =>
            Trim($"`{d.Id}` **{EscapeMarkdown(d.Title)}** — {SourceMarkdown(d.Source)}{(d.PublishedAt is { } p ? $" ({p.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : string.Empty)}, {d.ChunkCount} chunks{(d.StaleSince is null ? string.Empty : ", stale: the page is gone")}{VisibilityNote(d.Visibility, showVisibility)}", MaxSourceLine));
        return Message(new Embed(Title: $"{documents.Count} document{(documents.Count == 1 ? string.Empty : "s")} loaded", Description: JoinWithin(lines, DiscordLimits.EmbedDescription)));
    }

    private static string VisibilityNote(Visibility visibility, bool showEveryone) => visibility.Kind switch
    {
        VisibilityKind.Everyone => showEveryone ? ", visible to everyone" : string.Empty,
        VisibilityKind.Channel => $", visible only to readers of {AudienceResolver.Describe(visibility)}",
        _ => $", visible only to {AudienceResolver.Describe(visibility)}",
    };

    /// <summary>The admin's confirmation; says who may read the document when it is not everyone.</summary>
    public static MessageParams Ingested(Core.Ingestion.IngestResult result, Core.Documents.Visibility? visibility = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var what = result.Outcome switch
        {
            Core.Ingestion.IngestOutcome.Added => "Loaded",
            // Same source, different content: the earlier upload is gone, and the admin must not miss that.
            Core.Ingestion.IngestOutcome.Updated => $"Replaced the earlier '{EscapeMarkdown(DisplaySource(result.Source))}' with",
            _ => "Already up to date:",
        };
        return Text($"{what} **{EscapeMarkdown(result.Title)}** — {result.ChunkCount} chunks in {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (id `{result.DocumentId}`)."
            + (visibility is { IsEveryone: false } ? $" Visible to: {AudienceResolver.Describe(visibility)}." : string.Empty));
    }

    /// <summary>A plain-text message, trimmed to 2000 characters, pinging nobody.</summary>
    public static MessageParams Text(string text, bool ephemeral = false) =>
        new(Content: Trim(text, DiscordLimits.ContentLength), Embeds: [], AllowedMentions: AllowedMentions.None, Flags: ephemeral ? MessageFlags.Ephemeral : null);

    internal static Embed Embed(string title, string text, bool abstained, IReadOnlyList<Citation> citations, string? note)
    {
        // The 6000-character embed budget goes to the title, then the sources (every claim must stay cited,
        // leaving at least 1000 characters of answer), then the answer text, then the note.
        var embedTitle = Trim(title, DiscordLimits.EmbedTitle);
        var fields = abstained ? [] : SourceFields(citations, DiscordLimits.EmbedTotal - embedTitle.Length - 1000);
        var remaining = DiscordLimits.EmbedTotal - embedTitle.Length - fields.Sum(f => f.Name.Length + f.Value.Length);
        var description = Trim(string.IsNullOrWhiteSpace(text) ? "(no answer)" : text, Math.Min(DiscordLimits.EmbedDescription, remaining));
        remaining -= description.Length;
        var footer = note is null || remaining < 20 ? null : new EmbedFooter(Trim(note, Math.Min(DiscordLimits.EmbedFooter, remaining)));
        return new Embed(embedTitle, description, fields, footer, abstained ? AbstainColor : AnswerColor);
    }

    /// <summary>
    /// Packs one "[n, m] title — source (date)" line per cited document into fields of at most 1024 characters, within
    /// the embed's remaining budget.
    /// </summary>
    internal static List<EmbedField> SourceFields(IReadOnlyList<Citation> citations, int budget)
    {
        var fields = new List<EmbedField>();
        var lines = Answers.CitedSources.Group(citations).Select(SourceLine).ToList();
        var current = new StringBuilder();
        var shown = 0;
        foreach (var line in lines)
        {
            var name = fields.Count == 0 ? "Sources" : "Sources (cont.)";
            if (current.Length > 0 && current.Length + 1 + line.Length > DiscordLimits.EmbedFieldValue)
            {
                fields.Add(new EmbedField(name, current.ToString()));
                budget -= name.Length + current.Length;
                current.Clear();
            }

            var nextName = fields.Count == 0 ? "Sources" : "Sources (cont.)";
            if (fields.Count >= DiscordLimits.EmbedFields - 1 || budget - nextName.Length - current.Length - line.Length - 40 < 0)
            {
                break;
            }

            current.Append(current.Length > 0 ? "\n" : string.Empty).Append(line);
            shown++;
        }

        if (shown < lines.Count)
        {
            var more = $"\n…and {lines.Count - shown} more";
            if (current.Length + more.Length <= DiscordLimits.EmbedFieldValue)
            {
                current.Append(more);
            }
        }

        if (current.Length > 0)
        {
            fields.Add(new EmbedField(fields.Count == 0 ? "Sources" : "Sources (cont.)", current.ToString()));
        }

        return fields;
    }

    private static string SourceLine(Answers.CitedSource cited)
    {
        var date = cited.PublishedAt is { } d ? " (" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")" : string.Empty;
        var title = Trim(EscapeMarkdown(cited.Title), 120);
        var locations = string.Join("; ", cited.Citations.Select(c => c.Location).Where(l => !string.IsNullOrEmpty(l)).Distinct(StringComparer.Ordinal));
        var location = locations.Length > 0 ? ", " + Trim(EscapeMarkdown(locations), 60) : string.Empty;
        var stale = cited.Stale ? " " + Answers.CitedSource.StaleMark : string.Empty;
        var source = SourceMarkdown(cited.Source, MaxSourceLine - title.Length - location.Length - date.Length - stale.Length - cited.Markers.Length - 4);
        return $"{cited.Markers} {title}{location} — {source}{date}{stale}";
    }

    /// <summary>
    /// What members see of a document's source: URLs without their query string; an attachment as its file name (without the
    /// <c>attachment:</c> prefix); a local path (pre-loaded from the command line) as its file name only, so the
    /// server's directory layout is not shown to Discord.
    /// </summary>
    public static string DisplaySource(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // Never the query: signed links carry their credentials there, and every member can read /sources.
            return Uri.TryCreate(source, UriKind.Absolute, out var url) ? WebPageFetcher.Shown(url) : source.Split('?', '#')[0];
        }

        if (source.StartsWith(AttachmentSource.Prefix, StringComparison.Ordinal))
        {
            return source[AttachmentSource.Prefix.Length..];
        }

        // Checked by hand rather than with Path.IsPathRooted, so Windows paths are recognised on Linux too.
        var local = source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith('/') || source.StartsWith('\\') || source.StartsWith('~')
            || (source.Length >= 3 && char.IsAsciiLetter(source[0]) && source[1] == ':' && source[2] is '\\' or '/');
        if (!local)
        {
            return source;
        }

        var name = source[(source.LastIndexOfAny(['/', '\\']) + 1)..];
        return name.Length > 0 ? name : "(local file)";
    }

    /// <summary>Escapes Discord Markdown, so <paramref name="text"/> shows as typed: no links, headings, spoilers, code or mentions.</summary>
    public static string EscapeMarkdown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var blockMarker = lineStart && (c is '-' or '+' || (char.IsAsciiDigit(c) && NumberedListAt(text, i)));
            if (MarkdownCharacters.Contains(c) || (blockMarker && !char.IsAsciiDigit(c)))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
            if (blockMarker && char.IsAsciiDigit(c))
            {
                // "1. " starts a numbered list: escape its dot.
                var end = i;
                while (end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))
                {
                    escaped.Append(text[++end]);
                }

                escaped.Append("\\.");
                i = end + 1;
            }

            lineStart = c == '\n' || (lineStart && c is ' ' or '\t');
        }

        return escaped.ToString();
    }

    /// <summary>Escapes document-derived text but keeps the bot's citation markers (<c>[1]</c>, <c>[12]</c>) plain.</summary>
    internal static string EscapeKeepingMarkers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        var last = 0;
        foreach (Match marker in CitationMarker().Matches(text))
        {
            escaped.Append(EscapeMarkdown(text[last..marker.Index])).Append(marker.Value);
            last = marker.Index + marker.Length;
        }

        return escaped.Append(EscapeMarkdown(text[last..])).ToString();
    }

    private const string MarkdownCharacters = "\\*_~`|[]()<>#@";

    private static bool NumberedListAt(string text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i + 1 < text.Length && text[i] == '.' && text[i + 1] is ' ' or '\t';
    }

    /// <summary>A source for Markdown: a URL as an autolink in angle brackets (escaping would break it), anything else escaped.</summary>
    private static string SourceMarkdown(string source, int max = MaxSourceLine)
    {
        var display = DisplaySource(source);
        if (Uri.TryCreate(display, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !display.Any(c => char.IsWhiteSpace(c) || c is '<' or '>') && display.Length + 2 <= max)
        {
            return "<" + display + ">";
        }

        return Trim(EscapeMarkdown(display), max);
    }

    [GeneratedRegex(@"\[\d{1,3}\]")]
    private static partial Regex CitationMarker();

    private static MessageParams Message(Embed embed) => new(Content: null, Embeds: [embed], AllowedMentions: AllowedMentions.None);

    private static string JoinWithin(IEnumerable<string> lines, int limit)
    {
        var text = new StringBuilder();
        var all = lines.ToList();
        for (var i = 0; i < all.Count; i++)
        {
            var more = $"\n…and {all.Count - i} more";
            if (text.Length + all[i].Length + 1 + more.Length > limit)
            {
                return text.Append(more).ToString();
            }

            text.Append(text.Length > 0 ? "\n" : string.Empty).Append(all[i]);
        }

        return text.ToString();
    }

    /// <summary>Cuts text to <paramref name="max"/> characters, ending with an ellipsis, without splitting a surrogate pair.</summary>
    public static string Trim(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (max < 2)
        {
            return string.Empty;
        }

        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "…";
    }
}
