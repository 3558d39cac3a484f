namespace Briefer.Core.Answering;

/// <summary>
/// What the retrieved evidence mentions, for the key-term gate: every unit's terms with its context (a heading's words
/// count as mentioned by the units under it, a table header by its rows), the titles, and the version numbers written
/// anywhere; and whether a key constraint of the question is met by it (an identifier by its term or its parts in one
/// unit, a version by the same version, a pasted phrase as a run of terms).
/// </summary>
public sealed class KeyTermEvidence
{
    private readonly IReadOnlyList<SentenceCandidate> _units;
    private readonly HashSet<string> _terms = new(StringComparer.Ordinal);
    private readonly List<VersionNumber> _versions = [];

    public KeyTermEvidence(IReadOnlyList<SentenceCandidate> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        _units = units;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            _terms.UnionWith(unit.TermSet);
            _terms.UnionWith(unit.ContextTerms);
            _versions.AddRange(TechnicalTerms.Versions(unit.Text).Select(v => v.Version));
            foreach (var around in new[] { unit.Chunk.Title, unit.HeadingPath })
            {
                if (around.Length > 0 && seen.Add(around))
                {
                    _terms.UnionWith(AnswerTerms.Analyze(around));
                    _versions.AddRange(TechnicalTerms.Versions(around).Select(v => v.Version));
                }
            }
        }
    }

    /// <summary>Every term the evidence mentions, context included.</summary>
    public IReadOnlySet<string> Terms => _terms;

    /// <summary>Whether the evidence meets <paramref name="constraint"/>.</summary>
    public bool Meets(KeyConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        return constraint.Form switch
        {
            ConstraintForm.Version when constraint.Version is { } version => _versions.Any(version.Meets),
            ConstraintForm.Identifier => constraint.Terms.All(_terms.Contains) || _units.Any(u => HasParts(u, constraint.Text)),
            ConstraintForm.Phrase => _units.Any(u => HoldsPhrase(u, constraint.Terms)),
            _ => constraint.Terms.All(_terms.Contains),
        };
    }

    /// <summary>
    /// "max_connections" written "max connections", "server.port" as a key "port" under a heading "server": every part
    /// of the identifier in one unit or its context, the last part in the unit itself.
    /// </summary>
    private static bool HasParts(SentenceCandidate unit, string identifier)
    {
        var parts = identifier.TrimStart('-').Split(['_', '.', '-', '/', '='], StringSplitOptions.RemoveEmptyEntries).Select(AnswerTerms.Analyze).Where(t => t.Count > 0).ToList();
        if (parts.Count < 2 || !parts[^1].All(unit.TermSet.Contains))
        {
            return false;
        }

        return parts.All(p => p.All(t => unit.TermSet.Contains(t) || unit.ContextTerms.Contains(t)));
    }

    /// <summary>A pasted phrase is met by a unit holding its terms in order, or nearly all of them (a paste is rarely exact).</summary>
    private static bool HoldsPhrase(SentenceCandidate unit, IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0)
        {
            return true;
        }

        var held = phrase.Count(t => unit.TermSet.Contains(t) || unit.ContextTerms.Contains(t));
        return held >= Math.Ceiling(phrase.Count * 0.8);
    }
}
