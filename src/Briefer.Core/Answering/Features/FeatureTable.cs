namespace Briefer.Core.Answering;

/// <summary>One named feature of a candidate: what the ranker reads about how well the candidate answers the question.</summary>
/// <param name="Name">The feature's name, recorded with a trained model and checked when it loads.</param>
/// <param name="Group">The kind of evidence it measures (<see cref="FeatureGroups"/>), for ablation.</param>
/// <param name="Compute">Its value for one candidate of one question.</param>
public sealed record CandidateFeature(string Name, string Group, Func<CandidateContext, float> Compute);

/// <summary>One named feature of a question: what the answerability classifier reads beside the best candidate's features.</summary>
/// <param name="ReadsRanking">
/// Whether the value depends on the ranker's scores; such a feature reads the question only through
/// <see cref="QuestionContext"/>'s ranking members (<see cref="QuestionContext.CandidateValue"/>, <see cref="QuestionContext.CoverageAt"/>,
/// <see cref="QuestionContext.MaxCoverage"/>), so it can be recomputed from <see cref="QuestionFacts"/> without the featurizer
/// (training's cached rows); the others are computed once per question.
/// </param>
public sealed record QuestionFeature(string Name, string Group, Func<QuestionContext, float> Compute, bool ReadsRanking = false);

/// <summary>The kinds of evidence features measure; <c>briefer train answers --ablate GROUP</c> leaves one out.</summary>
public static class FeatureGroups
{
    /// <summary>How many of the question's words the candidate, its neighbours, chunk and title hold.</summary>
    public const string Coverage = "coverage";

    /// <summary>Whether the question's names, numbers, negations and comparisons are honoured.</summary>
    public const string Constraints = "constraints";

    /// <summary>Whether the candidate holds the kind of answer asked for (a date for "when", a reason for "why").</summary>
    public const string AnswerType = "answer-type";

    /// <summary>What retrieval thought of the candidate's chunk.</summary>
    public const string Retrieval = "retrieval";

    /// <summary>The embedding model's sentence cosine and token alignment.</summary>
    public const string Semantic = "semantic";

    /// <summary>Where the candidate sits and what shape the question has.</summary>
    public const string Structure = "structure";

    /// <summary>Documentation: the asked-for kind of unit, lead-ins, sections and headings, identifiers and versions with their near misses.</summary>
    public const string Documentation = "documentation";

    /// <summary>The unit's section: its coverage, the units in it holding the asked kind, the unit's place after the subject.</summary>
    public const string Section = "section";

    /// <summary>The unit's page (its retrieved chunks, rank, coverage, title) and the unit against the question's other candidates.</summary>
    public const string Page = "page";

    /// <summary>The unit's own shape against the question: a default with its value, the question's identifiers written, an echo of the question, a definition.</summary>
    public const string Shape = "shape";

    /// <summary>The ranker's scores (question features only).</summary>
    public const string Score = "score";
}

/// <summary>
/// The features of the answer models as named tables, in vector order: every feature has a name, a group and its
/// compute function, so serving, training, ablation and the model-by-name check all read the same list.
/// </summary>
public static class FeatureTable
{
    /// <summary>The candidate features, in vector order.</summary>
    public static IReadOnlyList<CandidateFeature> Candidate { get; } = CandidateFeatures.All;

    /// <summary>The question features, in vector order (the best candidate's features follow them in a question row).</summary>
    public static IReadOnlyList<QuestionFeature> Question { get; } = QuestionFeatures.All;

    /// <summary>
    /// Why a model trained on <paramref name="candidate"/> and <paramref name="question"/> feature names cannot be
    /// used with this version's tables, in one line; null when the names match.
    /// </summary>
    public static string? Mismatch(IReadOnlyList<string> candidate, IReadOnlyList<string> question)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(question);
        var problem = Difference("candidate", candidate, AnswerFeatures.CandidateNames) ?? Difference("question", question, AnswerFeatures.QuestionNames);
        return problem is null
            ? null
            : $"The answer model does not fit this version's features ({problem}); retrain it with 'briefer train answers'.";
    }

    private static string? Difference(string kind, IReadOnlyList<string> model, IReadOnlyList<string> table)
    {
        for (var i = 0; i < Math.Max(model.Count, table.Count); i++)
        {
            var had = i < model.Count ? model[i] : null;
            var has = i < table.Count ? table[i] : null;
            if (!string.Equals(had, has, StringComparison.Ordinal))
            {
                return $"{kind} feature {i + 1}: the model has {Quote(had)}, this version computes {Quote(has)}; {model.Count} against {table.Count} {kind} features";
            }
        }

        return null;
    }

    private static string Quote(string? name) => name is null ? "none" : $"'{name}'";
}
