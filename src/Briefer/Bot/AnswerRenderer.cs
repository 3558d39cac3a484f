using System.Globalization;
using System.Text;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Discord.Models;

namespace Briefer.Bot;

/// <summary>
/// Turns answers, briefs and source lists into Discord messages that respect every length limit (trimming
/// with an ellipsis rather than risking a 400), and that never ping anyone: <c>allowed_mentions: {"parse": []}</c>.
/// </summary>
public static class AnswerRenderer
{
    /// <summary>What an asker is told when answering failed unexpectedly (the details go to the log).</summary>
    public const string SomethingWentWrong = "Sorry, something went wrong while answering. Please try again; if it keeps happening, tell a server admin.";

    private const int AnswerColor = 0x2B6CB0;
    private const int AbstainColor = 0x718096;
    private const int MaxSourceLine = 300;

    public static MessageParams Answer(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return Message(Embed(answer.Question, answer.Text, answer.Abstained, answer.Citations, answer.Note));
    }

    public static MessageParams Brief(Brief brief)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var text = brief.Abstained || brief.Bullets.Count == 0
            ? brief.Note ?? "The loaded documents say nothing about this topic."
            : string.Join('\n', brief.Bullets.Select(b => "• " + b.Text.Trim() + (b.Citations.Count == 0 ? string.Empty : " " + string.Concat(b.Citations.Select(n => $"[{n}]")))));
        return Message(Embed("Brief: " + brief.Topic, text, brief.Abstained, brief.Citations, brief.Abstained ? null : brief.Note));
    }

    public static MessageParams Sources(IReadOnlyList<DocumentRecord> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return Text("No documents are loaded in this server yet. An admin can add one with /ingest.");
        }

        var lines = documents.OrderByDescending(d => d.IngestedAt).Select(d =>
            Trim($"`{d.Id}` **{d.Title}** — {d.Source}{(d.PublishedAt is { } p ? $" ({p.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : string.Empty)}, {d.ChunkCount} chunks", MaxSourceLine));
        return Message(new Embed(Title: $"{documents.Count} document{(documents.Count == 1 ? string.Empty : "s")} loaded", Description: JoinWithin(lines, DiscordLimits.EmbedDescription)));
    }

    public static MessageParams Ingested(Core.Ingestion.IngestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var what = result.Outcome switch
        {
            Core.Ingestion.IngestOutcome.Added => "Loaded",
            Core.Ingestion.IngestOutcome.Updated => "Updated",
            _ => "Already up to date:",
        };
        return Text($"{what} **{result.Title}** — {result.ChunkCount} chunks in {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (id `{result.DocumentId}`).");
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

    /// <summary>Packs "[n] title — source (date)" lines into fields of at most 1024 characters, within the embed's remaining budget.</summary>
    internal static List<EmbedField> SourceFields(IReadOnlyList<Citation> citations, int budget)
    {
        var fields = new List<EmbedField>();
        var lines = citations.OrderBy(c => c.N).Select(SourceLine).ToList();
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

    private static string SourceLine(Citation citation)
    {
        var date = citation.PublishedAt is { } d ? " (" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")" : string.Empty;
        var title = Trim(citation.Title, 120);
        var source = Trim(citation.Source, MaxSourceLine - title.Length - date.Length - 10);
        return $"[{citation.N}] {title} — {source}{date}";
    }

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
