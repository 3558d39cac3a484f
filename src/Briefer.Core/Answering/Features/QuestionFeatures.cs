using G = Briefer.Core.Answering.FeatureGroups;

namespace Briefer.Core.Answering;

/// <summary>The question feature table (<see cref="FeatureTable.Question"/>): one row per feature, in vector order.</summary>
internal static class QuestionFeatures
{
    public static IReadOnlyList<QuestionFeature> All { get; } =
    [
        new("best_score", G.Score, x => x.Ordered.Count > 0 ? x.Ordered[0] : -10, ReadsRanking: true),
        new("second_score", G.Score, x => x.Ordered.Count > 1 ? x.Ordered[1] : -10, ReadsRanking: true),
        new("score_gap", G.Score, x => x.Ordered.Count > 1 ? x.Ordered[0] - x.Ordered[1] : 10, ReadsRanking: true),
        new("names_missing_anywhere", G.Constraints, x => (float)CandidateMeasures.MissingShare(x.Features.Names, x.AllTerms)),
        new("numbers_missing_anywhere", G.Constraints, x => (float)CandidateMeasures.MissingShare(x.Features.Numbers, x.AllTerms)),
        new("content_missing_anywhere", G.Coverage, x => x.Features.Content.Count(k => !x.AllTerms.Contains(k.Text))),
        new("best_cov_anywhere", G.Coverage, x => (float)x.Features.MaxCoverage),
        new("max_dense", G.Retrieval, x => (float)x.Features.Candidates.Select(c => c.Chunk.DenseScore ?? 0).DefaultIfEmpty(0).Max()),
        new("candidates", G.Structure, x => x.Features.Candidates.Count),
        new("top3_type_asked", G.AnswerType, x => x.Top3.Count == 0 ? 0 : x.Top3.Max(i => x.CandidateValue(i, AnswerFeatures.TypeAskedIndex)), ReadsRanking: true),
        new("top3_cov", G.Coverage, x => x.Top3.Count == 0 ? 0 : (float)x.Top3.Max(x.CoverageAt), ReadsRanking: true),
        new("best_is_max_cov", G.Coverage, x => x.Best >= 0 && x.CoverageAt(x.Best) >= x.MaxCoverage ? 1 : 0, ReadsRanking: true),
        new("ident_missing_anywhere", G.Documentation, x => DocumentationMeasures.IdentifiersMissingAnywhere(x.Features.Documentation)),
        new("ident_near_miss_anywhere", G.Documentation, x => DocumentationMeasures.IdentifierNearMissAnywhere(x.Features.Documentation) ? 1 : 0),
        new("version_missing_anywhere", G.Documentation, x => DocumentationMeasures.VersionsMissingAnywhere(x.Features.Documentation)),
        new("version_near_miss_anywhere", G.Documentation, x => DocumentationMeasures.VersionNearMissAnywhere(x.Features.Documentation) ? 1 : 0),
        new("top3_kind_match", G.Documentation, x => x.Top3.Count == 0 ? -1 : x.Top3.Max(i => x.CandidateValue(i, KindMatchIndex)), ReadsRanking: true),
    ];

    private static readonly int KindMatchIndex = CandidateFeatures.All.Select(f => f.Name).ToList().IndexOf("kind_match");
}
