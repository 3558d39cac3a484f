using G = Briefer.Core.Answering.FeatureGroups;

namespace Briefer.Core.Answering;

/// <summary>
/// Candidate features of the unit's page and of the unit against the question's other candidates (rows of
/// <see cref="FeatureTable.Candidate"/>, read through <see cref="PageContext"/>): how many retrieved chunks its page
/// has and its best rank, how well the page's retrieved text and title cover the question against the best page, and
/// the unit's heading coverage and semantic scores against the best candidate's.
/// </summary>
internal static class PageFeatures
{
    private static readonly int SentCos = SentenceSemantics.Names.ToList().IndexOf("sent_cos");
    private static readonly int AlignMean = SentenceSemantics.Names.ToList().IndexOf("align_mean");

    public static IReadOnlyList<CandidateFeature> All { get; } =
    [
        new("page_chunks", G.Page, x => Pages(x).Of(x.Candidate).Chunks),
        new("page_best_rank", G.Page, x => Pages(x).Of(x.Candidate).BestRank),
        new("page_cov", G.Page, x => (float)Pages(x).Of(x.Candidate).Coverage),
        new("page_cov_gap", G.Page, x => (float)(Pages(x).Of(x.Candidate).Coverage - Pages(x).MaxPageCoverage)),
        new("page_title_cov", G.Page, x => (float)Pages(x).Of(x.Candidate).TitleCoverage),
        new("page_title_gap", G.Page, x => (float)(Pages(x).Of(x.Candidate).TitleCoverage - Pages(x).MaxTitleCoverage)),
        new("heading_gap", G.Page, x => (float)(Pages(x).HeadingAt(x.Index) - Pages(x).MaxHeadingCoverage)),
        new("sent_cos_gap", G.Page, x => Pages(x).SemanticGap(x.Index, SentCos)),
        new("align_mean_gap", G.Page, x => Pages(x).SemanticGap(x.Index, AlignMean)),
    ];

    private static PageContext Pages(CandidateContext x) => x.Features.Pages;
}
