using Briefer.Answers;
using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Cli;

/// <summary>Plain-text rendering of answers, briefs and source lists for a terminal or a pipe.</summary>
internal static class ResultPrinter
{
    public static void Print(TextWriter output, Answer answer, ScopeId scope)
    {
        output.WriteLine(QuotedText.Plain(answer));
        if (answer.Note is { Length: > 0 } note)
        {
            output.WriteLine($"({note})");
        }

        if (answer.Abstained)
        {
            PrintAbstainHint(output, answer.DocumentsInScope, scope, answer.AbstainReason);
            return;
        }

        PrintCitations(output, answer.Citations);
    }

    public static void Print(TextWriter output, Brief brief, ScopeId scope, DateOnly? since = null)
    {
        if (brief.Abstained)
        {
            if (since is { } date && brief.DocumentsInScope is not 0)
            {
                output.WriteLine($"No document published since {CliJson.Date(date)} says anything about this topic.");
                output.WriteLine("(--since leaves out undated documents; try a longer span, or leave it out.)");
                return;
            }

            output.WriteLine(ExtractiveAnswerComposer.AbstainBriefText);
            PrintAbstainHint(output, brief.DocumentsInScope, scope);
            return;
        }

        output.WriteLine($"Brief: {brief.Topic}");
        output.WriteLine();
        foreach (var bullet in brief.Bullets)
        {
            var markers = string.Concat(bullet.Citations.Select(n => $"[{n}]"));
            if (QuotedText.Code(brief, bullet) is { } code)
            {
                // A quoted code block as a fenced block under its lead-in and marker, indented into the bullet.
                var leadIn = QuoteDisplay.LeadIn(code);
                output.WriteLine(leadIn.Length > 0 ? $"- {leadIn} {markers}" : $"- {markers}");
                foreach (var line in QuoteDisplay.Fenced(code).Split('\n'))
                {
                    output.WriteLine("  " + line);
                }

                continue;
            }

            output.WriteLine($"- {bullet.Text} {markers}");
        }

        if (brief.Note is { Length: > 0 } note)
        {
            output.WriteLine($"({note})");
        }

        PrintCitations(output, brief.Citations);
    }

    public static void Print(TextWriter output, IReadOnlyList<DocumentRecord> documents, ScopeId scope)
    {
        if (documents.Count == 0)
        {
            output.WriteLine($"No documents in scope '{scope}'. Load some with: {SourceCheckout.Command} ingest <file-or-folder>{ScopeOption(scope)}");
            return;
        }

        output.WriteLine($"{documents.Count} document{(documents.Count == 1 ? string.Empty : "s")} in scope '{scope}':");
        foreach (var d in documents)
        {
            var published = d.PublishedAt is { } date ? $", published {CliJson.Date(date)}" : string.Empty;
            output.WriteLine($"{d.Id}  {d.Title}");
            var staleNote = d.StaleSince is { } since ? $"; STALE: the page has been gone since {since.ToUniversalTime():yyyy-MM-dd HH:mm} UTC" : string.Empty;
            output.WriteLine($"                  {d.Source} ({d.ChunkCount} chunks{published}, ingested {d.IngestedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC{staleNote}{VisibilityNote(d.Visibility)})");
        }
    }

    /// <summary>Nothing for a document everyone may read; else who may read it through the bot (the command line reads every document).</summary>
    private static string VisibilityNote(Visibility visibility) => visibility.Kind switch
    {
        VisibilityKind.Channel => $"; in Discord visible only to readers of channel {visibility.Channel} (--visible-to {visibility.Key})",
        VisibilityKind.Roles => $"; in Discord visible only to role{(visibility.Roles.Count == 1 ? string.Empty : "s")} {string.Join(", ", visibility.Roles)} (--visible-to {visibility.Key})",
        _ => string.Empty,
    };

    /// <summary>One entry per document, its quotes under it, each quote with the number the text cites it by.</summary>
    private static void PrintCitations(TextWriter output, IReadOnlyList<Citation> citations)
    {
        if (citations.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Sources:");
        foreach (var source in CitedSources.Group(citations))
        {
            var date = source.PublishedAt is { } published ? $" ({CliJson.Date(published)})" : string.Empty;
            var gone = source.Stale ? " " + CitedSource.StaleMark : string.Empty;
            // Where in the document (page, heading path) goes on the document's line; each quote repeats its own only
            // when the quotes come from different places.
            var locations = source.Citations.Select(c => c.Location).Where(l => !string.IsNullOrEmpty(l)).Distinct(StringComparer.Ordinal).ToList();
            var location = locations.Count > 0 ? ", " + string.Join("; ", locations) : string.Empty;
            output.WriteLine($"{source.Markers} {source.Title}{location} — {source.Source}{date}{gone}");
            foreach (var c in source.Citations)
            {
                // Quotes often carry their own quotation marks; the number and an indent mark them instead.
                var lead = $"    [{c.N}] " + (locations.Count > 1 && c.Location is { Length: > 0 } where ? $"({where}) " : string.Empty);
                // Code as a fenced block, a table row with its header: as the document shows them.
                foreach (var line in (QuoteDisplay.IsCode(c) ? QuoteDisplay.Block(c) : QuoteDisplay.Text(c)).Split('\n'))
                {
                    output.WriteLine(lead + line);
                    lead = new string(' ', lead.Length);
                }
            }
        }
    }

    /// <param name="documentsInScope">What the service counted when it abstained; null when it did not count.</param>
    private static void PrintAbstainHint(TextWriter output, int? documentsInScope, ScopeId scope, string? reason = null)
    {
        var because = reason is { Length: > 0 } ? ": " + reason : string.Empty;
        output.WriteLine(documentsInScope switch
        {
            0 => $"(No documents are loaded in scope '{scope}'. Load some with: {SourceCheckout.Command} ingest <file-or-folder>{ScopeOption(scope)})",
            { } count => $"({count} document{(count == 1 ? string.Empty : "s")} loaded in scope '{scope}'; none covers it{because}.)",
            null => $"(None of the documents in scope '{scope}' covers it{because}.)",
        });
    }

    private static string ScopeOption(ScopeId scope) => scope == ScopeId.Local ? string.Empty : $" --scope {scope}";
}
