using Briefer.Core.Documents;
using G = Briefer.Core.Answering.FeatureGroups;

namespace Briefer.Core.Answering;

/// <summary>
/// Candidate features of answer units and technical questions (rows of <see cref="FeatureTable.Candidate"/>): what the
/// unit is, whether it holds the form of answer a technical question wants (a command, a default, a version), what its
/// heading or table header adds, and where it sits after a lead-in.
/// </summary>
internal static class UnitFeatures
{
    public static IReadOnlyList<CandidateFeature> All { get; } =
    [
        // What the unit is (BlockKind: 0 prose, 2 list item, 3 table row, 4 code, 5 key-value…) and what the question wants (AnswerForm).
        new("unit_kind", G.Structure, x => (int)x.Candidate.Kind),
        new("q_form", G.AnswerType, x => (int)x.Question.Form),
        new("form_held", G.AnswerType, x => FormHeld(x) ? 1 : 0),

        // The share of the question's weight met only through the unit's heading path or table header.
        new("cov_heading", G.Coverage, x => (float)(x.Features.Coverage(x.Candidate.Unit.TermsWithContext) - x.Coverage)),

        // Version constraints of the question the unit and its neighbours do not meet (a version, not just the digits).
        new("versions_unmet_win", G.Constraints, x => VersionsUnmet(x)),

        // The unit follows a lead-in ending in a colon (an item of the list it introduces); the unit is such a lead-in.
        new("after_lead_in", G.Structure, x => x.Candidate.Previous is { } p && p.Text.TrimEnd().EndsWith(':') ? 1 : 0),
        new("is_lead_in", G.Structure, x => x.Candidate.Text.TrimEnd().EndsWith(':') ? 1 : 0),
    ];

    /// <summary>Whether the unit holds what a technical question wants: code or a flag for "how do I", a default for "default of", a version for "which version".</summary>
    private static bool FormHeld(CandidateContext x)
    {
        var unit = x.Candidate;
        return x.Question.Form switch
        {
            AnswerForm.Command => unit.Kind == BlockKind.Code || TechnicalTerms.Identifiers(unit.Text).Any(i => i.StartsWith('-')) || UnitLayout.LooksLikeCode(unit.Text),
            AnswerForm.DefaultValue => unit.LowerWords.Contains("default") || unit.LowerWords.Contains("defaults") || (unit.Context?.Contains("default", StringComparison.OrdinalIgnoreCase) ?? false),
            AnswerForm.Version => unit.Unit.Versions.Count > 0,
            _ => false,
        };
    }

    private static float VersionsUnmet(CandidateContext x)
    {
        var asked = x.Question.Constraints.Where(c => c.Form == ConstraintForm.Version && c.Version is not null).ToList();
        if (asked.Count == 0)
        {
            return 0;
        }

        var written = new[] { x.Candidate.Previous, x.Candidate, x.Candidate.Next }
            .OfType<SentenceCandidate>()
            .SelectMany(u => u.Unit.Versions)
            .Concat(TechnicalTerms.Versions(x.Candidate.HeadingPath))
            .Concat(TechnicalTerms.Versions(x.Chunk.Title))
            .Select(v => v.Version)
            .ToList();
        return asked.Count(c => !written.Any(c.Version!.Value.Meets)) / (float)asked.Count;
    }
}
