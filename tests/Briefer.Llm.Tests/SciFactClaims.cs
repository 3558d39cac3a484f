using System.Text.Json;
using System.Runtime.CompilerServices;

namespace Briefer.Llm.Tests;

/// <summary>
/// Labelled claims from SciFact (BEIR test split, in <c>../shared/eval/scifact</c>): each claim paired with an abstract
/// the qrels mark as its evidence (supported) and with the non-evidence abstract sharing the most terms with it
/// (unsupported: the hard case of a citation to the wrong, on-topic source). SciFact's evidence includes abstracts
/// that contradict the claim; neither score can tell those apart, so this measures attribution, not entailment.
/// </summary>
internal static class SciFactClaims
{
    public static IReadOnlyList<LabelledClaim> Load(int limit, [CallerFilePath] string sourceFile = "")
    {
        var directory = Locate(sourceFile);
        var corpus = File.ReadLines(Path.Combine(directory, "corpus.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => (Id: e.GetProperty("_id").GetString()!, Text: e.GetProperty("title").GetString() + "\n" + e.GetProperty("text").GetString()))
            .ToList();
        var terms = corpus.Select(d => CitationChecker.Terms(d.Text)).ToList();
        var qrels = File.ReadLines(Path.Combine(directory, "qrels.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .GroupBy(f => f[0], f => f[1], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var claims = new List<LabelledClaim>();
        foreach (var line in File.ReadLines(Path.Combine(directory, "queries.jsonl")))
        {
            var query = JsonDocument.Parse(line).RootElement;
            var id = query.GetProperty("_id").GetString()!;
            if (!qrels.TryGetValue(id, out var relevant))
            {
                continue;
            }

            var claim = query.GetProperty("text").GetString()!;
            var claimTerms = CitationChecker.Terms(claim);
            var positive = corpus.First(d => relevant.Contains(d.Id));
            var negative = Enumerable.Range(0, corpus.Count)
                .Where(i => !relevant.Contains(corpus[i].Id))
                .MaxBy(i => claimTerms.Count(terms[i].Contains));
            claims.Add(new LabelledClaim(claim, positive.Text, true, "evidence"));
            claims.Add(new LabelledClaim(claim, corpus[negative].Text, false, "nearest"));
            if (claims.Count >= 2 * limit)
            {
                break;
            }
        }

        return claims;
    }

    /// <summary>shared/ sits beside the repository, found from this source file or from the test binary.</summary>
    private static string Locate(string sourceFile)
    {
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "shared", "eval", "scifact");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("shared/eval/scifact was not found beside the repository.");
    }
}
