using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Cli;

/// <summary>Plain-text rendering of answers, briefs and source lists for a terminal or a pipe.</summary>
internal static class ResultPrinter
{
    public static void Print(TextWriter output, Answer answer, int documentsInScope, ScopeId scope, IReadOnlySet<DocumentId>? stale = null)
    {
        output.WriteLine(answer.Text);
        if (answer.Note is { Length: > 0 } note)
        {
            output.WriteLine($"({note})");
        }

        if (answer.Abstained)
        {
            PrintAbstainHint(output, documentsInScope, scope);
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
            output.WriteLine($"No documents in scope '{scope}'. Load some with: briefer ingest <file-or-folder>{ScopeOption(scope)}");
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

    private static void PrintCitations(TextWriter output, IReadOnlyList<Citation> citations, IReadOnlySet<DocumentId>? stale)
    {
        if (citations.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Sources:");
        foreach (var c in citations)
        {
            var date = c.PublishedAt is { } published ? $" ({CliJson.Date(published)})" : string.Empty;
            var location = c.Location is { Length: > 0 } where ? $", {where}" : string.Empty;
            var gone = stale?.Contains(c.DocumentId) == true ? " [stale: the page is gone]" : string.Empty;
            output.WriteLine($"[{c.N}] {c.Title}{location} — {c.Source}{date}{gone}");
            // Quotes often carry their own quotation marks; an indent marks them instead.
            foreach (var line in c.Quote.Split('\n'))
            {
                output.WriteLine($"    > {line}");
            }
        }
    }

    private static void PrintAbstainHint(TextWriter output, int documentsInScope, ScopeId scope)
    {
        output.WriteLine(documentsInScope == 0
            ? $"(No documents are loaded in scope '{scope}'. Load some with: briefer ingest <file-or-folder>{ScopeOption(scope)})"
            : $"({documentsInScope} document{(documentsInScope == 1 ? string.Empty : "s")} loaded in scope '{scope}'; none covers it.)");
    }

    private static string ScopeOption(ScopeId scope) => scope == ScopeId.Local ? string.Empty : $" --scope {scope}";
}
