using G = Briefer.Core.Answering.FeatureGroups;

namespace Briefer.Core.Answering;

/// <summary>
/// Candidate features of a unit's section and its place in it (rows of <see cref="FeatureTable.Candidate"/>, read
/// through <see cref="SectionContext"/>): how well the section under the unit's heading covers the question, whether
/// the unit holds the asked-for kind of answer and how it ranks among the units that do, where it sits after the unit
/// naming the question's subject, and whether it opens with an identifier the question names (an option's own line).
/// </summary>
internal static class SectionFeatures
{
    public static IReadOnlyList<CandidateFeature> All { get; } =
    [
        new("sec_cov", G.Section, x => (float)Sections(x).SectionCoverage(x.Candidate)),
        new("sec_rank", G.Section, x => Math.Min(Sections(x).SectionRank(x.Candidate), 10)),
        new("held", G.Section, x => Sections(x).Holds(x.Index) ? 1 : 0),
        new("held_order", G.Section, x => Math.Min(Sections(x).HeldOrder(x.Index), 10)),
        new("held_rank", G.Section, x => Math.Min(Sections(x).HeldRank(x.Index), 20)),
        new("subject_offset", G.Section, x => Sections(x).SubjectOffset(x.Index)),
        new("held_after_subject", G.Section, x => Sections(x).Holds(x.Index) && Sections(x).SubjectOffset(x.Index) is > 0 and <= 3 ? 1 : 0),
        new("first_held_after_subject", G.Section, x => Sections(x).FirstHeldAfterSubject(x.Index) ? 1 : 0),
        new("lead_ident", G.Section, x => LeadsWithIdentifier(x) ? 1 : 0),
    ];

    private static SectionContext Sections(CandidateContext x) => SectionContext.Of(x.Features);

    /// <summary>
    /// Whether the unit opens with an identifier or flag the question names: "-p port : Server port (default …)",
    /// "scrape_interval: …", a table row whose first cell is the option — the option's own line, not a mention of it.
    /// </summary>
    internal static bool LeadsWithIdentifier(CandidateContext x)
    {
        var asked = Sections(x).AskedNames;
        return asked.Count > 0 && Words(Lead(x.Candidate.Text)).Any(w => asked.Contains(w) || asked.Contains(w.TrimStart('-')));
    }

    /// <summary>The text before a unit's first separator (colon, pipe, cell separator, equals sign, bracket), at most 60 characters.</summary>
    internal static string Lead(string text)
    {
        var t = text.TrimStart(' ', '*', '$', '#', '[', '`', '>');
        var end = t.IndexOfAny([':', '|', ';', '=', '(', '{']);
        var lead = end < 0 ? t : t[..end];
        return lead.Length > 60 ? lead[..60] : lead;
    }

    private static IEnumerable<string> Words(string lead) =>
        lead.Split([' ', ',', '`', '"', '\''], StringSplitOptions.RemoveEmptyEntries).Select(w => w.TrimEnd('.').ToLowerInvariant());
}
