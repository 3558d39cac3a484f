using System.Text.Json;
using Briefer.Testing;

namespace Briefer.Llm.Tests;

/// <summary>
/// Labelled claims from SciFact (BEIR test split, in <c>../shared/eval/scifact</c>): each claim paired with an abstract
/// the qrels mark as its evidence (supported) and with the non-evidence abstract sharing the most terms with it
/// (unsupported: the hard case of a citation to the wrong, on-topic source). SciFact's evidence includes abstracts
/// that contradict the claim; neither score can tell those apart, so this measures attribution, not entailment.
/// </summary>
internal static class SciFactClaims
{
    public static IReadOnlyList<LabelledClaim> Load(int limit)
    {
        var directory = Locate();
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

    /// <summary>SciFact in the shared folder beside the repository; the tests that load it skip without it.</summary>
    private static string Locate() =>
        SharedFolder.Find("eval/scifact") ?? throw new DirectoryNotFoundException("SciFact: " + SharedFolder.MissingReason("eval/scifact"));
}
