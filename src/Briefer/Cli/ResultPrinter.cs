using Briefer.Answers;
using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Cli;

/// <summary>Plain-text rendering of answers, briefs and source lists for a terminal or a pipe.</summary>
internal static class ResultPrinter
{
    public static void Print(TextWriter output, Answer answer, int documentsInScope, ScopeId scope, IReadOnlySet<DocumentId>? stale = null)
    {
        output.WriteLine(QuotedText.Plain(answer));
        if (answer.Note is { Length: > 0 } note)
        {
            output.WriteLine($"({note})");
        }

        if (answer.Abstained)
        {
            PrintAbstainHint(output, documentsInScope, scope, answer.AbstainReason);
            return;
        }

        PrintCitations(output, answer.Citations, stale);
    }

    public static void Print(TextWriter output, Brief brief, int documentsInScope, ScopeId scope, DateOnly? since = null, IReadOnlySet<DocumentId>? stale = null)
    {
        if (brief.Abstained)
        {
            if (since is { } date && documentsInScope > 0)
            {
                output.WriteLine($"No document published since {CliJson.Date(date)} says anything about this topic.");
                output.WriteLine("(--since leaves out undated documents; try a longer span, or leave it out.)");
                return;
            }

            output.WriteLine(ExtractiveAnswerComposer.AbstainBriefText);
            PrintAbstainHint(output, documentsInScope, scope);
            return;
        }

        output.WriteLine($"Brief: {brief.Topic}");
        output.WriteLine();
        foreach (var bullet in brief.Bullets)
        {
            output.WriteLine($"- {bullet.Text} {string.Concat(bullet.Citations.Select(n => $"[{n}]"))}");
        }

        if (brief.Note is { Length: > 0 } note)
        {
            output.WriteLine($"({note})");
        }

        PrintCitations(output, brief.Citations, stale);
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
            output.WriteLine($"                  {d.Source} ({d.ChunkCount} chunks{published}, ingested {d.IngestedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC{staleNote})");
        }
    }

    /// <summary>One entry per document, its quotes under it, each quote with the number the text cites it by.</summary>
    private static void PrintCitations(TextWriter output, IReadOnlyList<Citation> citations, IReadOnlySet<DocumentId>? stale)
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
            var gone = stale?.Contains(source.DocumentId) == true ? " [stale: the page is gone]" : string.Empty;
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
                foreach (var line in (QuoteDisplay.IsCode(c) ? QuoteDisplay.Fenced(c) : QuoteDisplay.Text(c)).Split('\n'))
                {
                    output.WriteLine(lead + line);
                    lead = new string(' ', lead.Length);
                }
            }
        }
    }

    private static void PrintAbstainHint(TextWriter output, int documentsInScope, ScopeId scope, string? reason = null)
    {
        output.WriteLine(documentsInScope == 0
            ? $"(No documents are loaded in scope '{scope}'. Load some with: {SourceCheckout.Command} ingest <file-or-folder>{ScopeOption(scope)})"
            : $"({documentsInScope} document{(documentsInScope == 1 ? string.Empty : "s")} loaded in scope '{scope}'; none covers it{(reason is { Length: > 0 } ? ": " + reason : string.Empty)}.)");
    }

    private static string ScopeOption(ScopeId scope) => scope == ScopeId.Local ? string.Empty : $" --scope {scope}";
}
