using G = Briefer.Core.Answering.FeatureGroups;

namespace Briefer.Core.Answering;

/// <summary>
/// Candidate features of a unit's place after the unit that names the question's subject, across headings (rows of
/// <see cref="FeatureTable.Candidate"/>, read through <see cref="FollowOnContext"/>): a why-question's cause a few
/// sentences on under the next heading, "They had been held at …" after the sentence naming them, the amount after
/// the sentence about the plan — answers that share no word with the question but follow its subject.
/// </summary>
internal static class FollowOnFeatures
{
    public static IReadOnlyList<CandidateFeature> All { get; } =
    [
        new("doc_subject_offset", G.FollowOn, x => FollowOn(x).Offset(x.Index)),
        new("doc_section_step", G.FollowOn, x => FollowOn(x).SectionStep(x.Index)),
        new("kind_strength", G.FollowOn, x => Math.Min(FollowOn(x).Strength(x.Index), 6)),
        new("heading_holds_kind", G.FollowOn, x => FollowOn(x).HeadingHolds(x.Index) ? 1 : 0),
        new("best_after_subject", G.FollowOn, x => FollowOn(x).BestAfterSubject(x.Index) ? 1 : 0),
        new("refers_to_subject", G.FollowOn, x => AnswerFeatures.OpensWithReference(x.Candidate.Text) && FollowOn(x).Offset(x.Index) is 1 or 2 ? 1 : 0),
        new("doc_subject_cov", G.FollowOn, x => (float)FollowOn(x).SubjectCoverage(x.Index)),
    ];

    private static FollowOnContext FollowOn(CandidateContext x) => FollowOnContext.Of(x.Features);
}
