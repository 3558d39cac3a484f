using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering.Features;

/// <summary>Each named feature of the tables on a hand-made question and candidate.</summary>
public sealed class AnswerFeaturesTests
{
    private static readonly RetrievedChunk Council = Chunk(
        "aaaaaaaaaaaaaaaa",
        "Council approves bike lanes",
        "The council voted on Tuesday to approve the Harbour Street bike lanes. They will cost 4.2 million euros. Construction is not expected to begin before the spring.",
        rank: 0.9);

    private static readonly RetrievedChunk Weather = Chunk(
        "bbbbbbbbbbbbbbbb",
        "Heatwave",
        "Temperatures reached 44 degrees in Seville on Monday afternoon.",
        rank: 0.3);

    private static RetrievedChunk Chunk(string id, string title, string text, double rank) =>
        new(new DocumentId(id), title, $"/docs/{id}.txt", null, 0, 0, text.Length, text, rank, 10 * rank, rank);

    private static (AnswerFeatures Features, float[] Row) Row(string question, int candidate)
    {
        var features = AnswerFeatures.Build(QuestionAnalyzer.Analyze(question), [Council, Weather]);
        return (features, features.Candidate(candidate));
    }

    private static float Value(string question, int candidate, string name)
    {
        var (_, row) = Row(question, candidate);
        return row[AnswerFeatures.CandidateNames.ToList().IndexOf(name)];
    }

    [Fact]
    public void Tables_Names_AreUniqueAndEveryOneHasAGroup()
    {
        var names = AnswerFeatures.CandidateNames.Concat(AnswerFeatures.QuestionNames).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(names.Order(StringComparer.Ordinal), AnswerFeatures.Groups.Values.SelectMany(g => g).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Candidate_EveryFeature_IsFiniteAndRowMatchesTheTable()
    {
        var (features, row) = Row("When did the council vote on the Harbour Street bike lanes?", 0);

        Assert.Equal(FeatureTable.Candidate.Count, row.Length);
        Assert.All(row, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(row[AnswerFeatures.TypeAskedIndex], features.Value(0, AnswerFeatures.TypeAskedIndex));
    }

    [Theory]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "cov", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 3, "cov", 0)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "cov_rank", 0)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 3, "cov_gap", -1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "names_missing", 0)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 3, "names_missing", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 3, "any_name_absent_win", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "type_asked", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 1, "type_asked", 0)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "ev_time", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "index_in_chunk", 0)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 2, "index_in_chunk", 2)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "starts_line", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 1, "opens_with_reference", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "opens_with_reference", 0)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "previous_cov", -1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 1, "previous_cov", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 3, "chunk_rank", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "top_document", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 3, "top_document", 0)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "chunk_fused", 1)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "words", 12)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 0, "negation_extra", 0)]
    [InlineData("When did the council vote on the Harbour Street bike lanes?", 2, "negation_extra", 1)]
    [InlineData("When did the council not vote on the bike lanes?", 1, "negation_unmatched", 0)]
    [InlineData("How much will the bike lanes cost?", 1, "ev_quantity", 2)]
    [InlineData("How much will the bike lanes cost?", 1, "type_asked", 2)]
    [InlineData("How much will the bike lanes cost in 2027?", 1, "numbers_missing", 1)]
    [InlineData("How much will the bike lanes cost in 2027?", 1, "q_numbers", 1)]
    [InlineData("How much will the Ocean Avenue bike lanes cost?", 1, "names_missing_win", 1)]
    [InlineData("How much will the Ocean Avenue bike lanes cost?", 1, "names_phrase_missing", 1)]
    [InlineData("How much will the Harbour Street bike lanes cost?", 1, "names_phrase_missing", 0)]
    [InlineData("How much will the Harbour Street bike lanes cost?", 1, "names_by_title", 0)]
    [InlineData("How much will the Harbour Street bike lanes cost?", 1, "q_names", 1)]
    public void Candidate_HandMade_NamedFeatureHasItsValue(string question, int candidate, string name, float expected)
    {
        Assert.Equal(expected, Value(question, candidate, name), 3);
    }

    [Fact]
    public void Candidate_SemanticLeftOut_IsZeros()
    {
        var (_, row) = Row("When did the council vote?", 0);

        Assert.All(SentenceSemantics.Names, n => Assert.Equal(0, row[AnswerFeatures.CandidateNames.ToList().IndexOf(n)]));
    }

    [Fact]
    public void QuestionRow_Scores_ReadBestSecondAndGapThenTheBestRow()
    {
        var (features, row) = Row("When did the council vote on the Harbour Street bike lanes?", 0);
        float[] scores = [3, 1, 0, -1];

        var q = features.QuestionRow(scores, 0, row);

        Assert.Equal(AnswerFeatures.QuestionNames.Count + AnswerFeatures.CandidateNames.Count, q.Length);
        Assert.Equal(3, q[AnswerFeatures.QuestionNames.ToList().IndexOf("best_score")]);
        Assert.Equal(1, q[AnswerFeatures.QuestionNames.ToList().IndexOf("second_score")]);
        Assert.Equal(2, q[AnswerFeatures.QuestionNames.ToList().IndexOf("score_gap")]);
        Assert.Equal(4, q[AnswerFeatures.QuestionNames.ToList().IndexOf("candidates")]);
        Assert.Equal(1, q[AnswerFeatures.QuestionNames.ToList().IndexOf("best_is_max_cov")]);
        Assert.Equal(row, q[AnswerFeatures.QuestionNames.Count..]);
    }

    [Fact]
    public void QuestionRow_NameInNoPassage_IsMissingAnywhere()
    {
        var features = AnswerFeatures.Build(QuestionAnalyzer.Analyze("How much will the Ocean Avenue bike lanes cost?"), [Council, Weather]);

        var q = features.QuestionRow([1, 0, 0, 0], 0, features.Candidate(0));

        Assert.Equal(1, q[AnswerFeatures.QuestionNames.ToList().IndexOf("names_missing_anywhere")]);
    }
}
