using Briefer.Core.Documents;
using G = Briefer.Core.Answering.FeatureGroups;
using D = Briefer.Core.Answering.DocumentationMeasures;
using M = Briefer.Core.Answering.CandidateMeasures;

namespace Briefer.Core.Answering;

/// <summary>The candidate feature table (<see cref="FeatureTable.Candidate"/>): one row per feature, in vector order.</summary>
internal static class CandidateFeatures
{
    public static IReadOnlyList<CandidateFeature> All { get; } =
    [
        new("cov", G.Coverage, x => (float)x.Coverage),
        new("cov_win", G.Coverage, x => (float)x.Features.Coverage(x.Window)),
        new("cov_title", G.Coverage, x => (float)M.TitleOnlyCoverage(x)),
        new("cov_chunk", G.Coverage, x => (float)x.Features.Coverage(x.ChunkTerms)),
        new("cov_gap", G.Coverage, x => (float)(x.Coverage - x.Features.MaxCoverage)),
        new("cov_rank", G.Coverage, x => Math.Min(x.Features.CoverageRank(x.Index), 20)),

        new("names_missing", G.Constraints, x => (float)M.MissingShare(x.Features.Names, x.Candidate.TermSet)),
        new("names_missing_win", G.Constraints, x => (float)M.MissingShare(x.Features.Names, x.Window)),
        new("names_missing_doc", G.Constraints, x => (float)M.MissingShare(x.Features.Names, x.DocumentTerms)),
        new("names_by_title", G.Constraints, x => (float)M.NamesByTitle(x)),
        new("any_name_absent_win", G.Constraints, x => x.Features.Names.Any(n => M.Share(n, x.Window) == 0 && M.Share(n, x.Title) == 0) ? 1 : 0),
        new("numbers_missing", G.Constraints, x => (float)M.MissingShare(x.Features.Numbers, x.Candidate.TermSet)),
        new("numbers_missing_win", G.Constraints, x => (float)M.MissingShare(x.Features.Numbers, x.Window)),
        new("negation_unmatched", G.Constraints, x => x.Features.Negated && !x.WindowWords.Any(QuestionAnalyzer.IsNegation) ? 1 : 0),
        new("negation_extra", G.Constraints, x => !x.Features.Negated && x.Candidate.LowerWords.Any(QuestionAnalyzer.IsNegation) ? 1 : 0),
        new("comparison_missing", G.Constraints, x => (float)M.ComparisonsMissing(x.Features.Comparisons, x.Candidate.LowerWords)),
        new("comparison_missing_win", G.Constraints, x => (float)M.ComparisonsMissing(x.Features.Comparisons, x.WindowWords)),

        new("content_missing", G.Coverage, x => x.Features.Content.Count(k => !x.Candidate.TermSet.Contains(k.Text))),
        new("content_missing_win", G.Coverage, x => x.Features.Content.Count(k => !x.Window.Contains(k.Text) && !x.Title.Contains(k.Text))),
        new("max_missing_idf", G.Coverage, x => (float)M.MaxMissingIdf(x)),
        new("bigrams", G.Coverage, x => (float)M.Bigrams(x)),
        new("density", G.Coverage, x => (float)M.Density(x)),
        new("order_agreement", G.Coverage, x => (float)M.OrderAgreement(x)),
        new("anchor_context", G.Constraints, x => (float)M.AnchorContext(x)),
        new("names_phrase_missing", G.Constraints, x => (float)M.NamePhrasesMissing(x.Candidate, x.Features.Names)),

        new("previous_cov", G.Coverage, x => x.Candidate.Previous is { } before ? (float)x.Features.Coverage(before.TermSet) : -1),
        new("next_cov", G.Coverage, x => x.Candidate.Next is { } after ? (float)x.Features.Coverage(after.TermSet) : -1),
        new("slot_distance", G.AnswerType, M.SlotDistance),

        new("words", G.Structure, x => x.Candidate.Unit.Words.Count),
        new("index_in_chunk", G.Structure, x => x.Candidate.Index),
        new("starts_line", G.Structure, x => x.Candidate.Unit.StartsLine ? 1 : 0),
        new("novelty", G.Coverage, x => (float)M.Novelty(x)),
        new("focus_in_sentence", G.AnswerType, x => x.Features.FocusTerms is { } focus && focus.Any(x.Candidate.TermSet.Contains) ? 1 : 0),
        new("opens_with_reference", G.Structure, x => x.Candidate.Unit.OpensWithReference ? 1 : 0),

        new("type_asked", G.AnswerType, x => Math.Min(x.Evidence.For(x.Question.AnswerType), 6)),
        new("ev_time", G.AnswerType, x => Math.Min(x.Evidence.Times, 6)),
        new("ev_quantity", G.AnswerType, x => Math.Min(x.Evidence.Quantities, 6)),
        new("ev_names", G.AnswerType, x => Math.Min(x.Evidence.Names, 10)),
        new("ev_person", G.AnswerType, x => Math.Min(x.Evidence.Persons, 6)),
        new("ev_place", G.AnswerType, x => Math.Min(x.Evidence.Places, 6)),
        new("ev_reason", G.AnswerType, x => Math.Min(x.Evidence.Reasons, 6)),
        new("ev_definition", G.AnswerType, x => Math.Min(x.Evidence.Definitions, 6)),

        new("chunk_rank", G.Retrieval, x => x.Candidate.ChunkRank),
        new("chunk_dense", G.Retrieval, x => (float)(x.Chunk.DenseScore ?? 0)),
        new("chunk_keyword", G.Retrieval, x => (float)(x.Features.MaxKeyword > 0 ? (x.Chunk.KeywordScore ?? 0) / x.Features.MaxKeyword : 0)),
        new("chunk_fused", G.Retrieval, x => (float)(x.Features.MaxFused > 0 ? x.Chunk.Score / x.Features.MaxFused : 0)),
        new("top_document", G.Retrieval, x => x.Features.TopDocument is { } top && x.Chunk.DocumentId == top ? 1 : 0),

        new("q_type", G.AnswerType, x => (int)x.Question.AnswerType),
        new("q_terms", G.Structure, x => x.Question.ContentTerms.Count),
        new("q_names", G.Structure, x => x.Features.Names.Count),
        new("q_numbers", G.Structure, x => x.Features.Numbers.Count),
        new("q_negated", G.Structure, x => x.Features.Negated ? 1 : 0),
        new("q_comparisons", G.Structure, x => x.Features.Comparisons.Count),

        new("asked_kind", G.Documentation, x => (int)x.Features.Documentation.Asked),
        new("kind_match", G.Documentation, D.KindMatch),
        new("unit_block", G.Documentation, x => x.Block is { } b ? (int)b.Kind + 1 : 0),
        new("unit_command", G.Documentation, x => x.Block?.Kind is BlockKind.Code || x.Candidate.Unit.CommandText ? 1 : 0),
        new("unit_default", G.Documentation, x => x.Block?.Kind is BlockKind.KeyValue || x.Candidate.Unit.DefaultText ? 1 : 0),
        new("unit_version", G.Documentation, x => x.Candidate.Unit.HasVersion ? 1 : 0),
        new("after_colon", G.Documentation, x => D.TextBeforeEndsWith(x, ':') ? 1 : 0),
        new("after_question", G.Documentation, x => D.TextBeforeEndsWith(x, '?') ? 1 : 0),
        new("is_question", G.Documentation, x => x.Candidate.Text.TrimEnd().EndsWith('?') ? 1 : 0),
        new("opens_with_cause", G.Documentation, x => x.Candidate.Unit.OpensWithCause ? 1 : 0),
        new("heading_cov", G.Documentation, x => (float)D.HeadingCoverage(x)),
        new("same_section", G.Documentation, D.SameSectionAsSubject),
        new("version_exact", G.Documentation, D.VersionExact),
        new("version_near_miss", G.Documentation, x => D.VersionNearMissInWindow(x) ? 1 : 0),
        new("ident_exact", G.Documentation, D.IdentifiersExact),

        .. SentenceSemantics.Names.Select((name, i) => new CandidateFeature(name, G.Semantic, x => x.Semantic[i])),

        .. UnitFeatures.All,

        .. SectionFeatures.All,

        .. PageFeatures.All,

        .. UnitShapeFeatures.All,
    ];
}
