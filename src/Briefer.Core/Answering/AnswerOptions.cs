using System.ComponentModel.DataAnnotations;

namespace Briefer.Core.Answering;

/// <summary>Settings of answers and briefs (section <c>Answers</c>).</summary>
public sealed class AnswerOptions
{
    public const string Section = "Answers";

    /// <summary>How many retrieved chunks an answer may quote from.</summary>
    [Range(1, 50)]
    public int AnswerChunks { get; set; } = 8;

    /// <summary>How many sentences an extractive answer quotes at most.</summary>
    [Range(1, 10)]
    public int MaxAnswerSentences { get; set; } = 3;

    /// <summary>How many retrieved chunks a brief draws on.</summary>
    [Range(1, 200)]
    public int BriefChunks { get; set; } = 30;

    [Range(1, 7)]
    public int MinBriefBullets { get; set; } = 3;

    [Range(1, 15)]
    public int MaxBriefBullets { get; set; } = 7;

    /// <summary>
    /// The evidence threshold below which a brief says the documents say nothing about the topic (see
    /// <see cref="EvidenceScorer"/> for the scale and how it was tuned).
    /// </summary>
    [Range(0.0, 1.0)]
    public double AbstainBelow { get; set; } = EvidenceScorer.DefaultAbstainThreshold;

    /// <summary>
    /// The answerability probability below which an answer abstains; unset, the threshold recorded with the answer
    /// model when it was trained (chosen for at most 8 % wrong abstentions on held-out articles).
    /// </summary>
    [Range(0.0, 1.0)]
    public double? AnswerableThreshold { get; set; }

    /// <summary>
    /// Whether an answer abstains when a name or number the question asks about ("Fresno", "1998", "Ocean Avenue")
    /// is in none of the retrieved passages, whatever the answer model says.
    /// </summary>
    public bool AbstainOnMissingKeyTerm { get; set; } = true;

    /// <summary>
    /// Whether an answer abstains when the question asks for a date or a number ("when", "how many") and the passage it
    /// would quote holds none, whatever the answer model says. Off by default: on SQuAD it abstained on as many
    /// answerable questions as unanswerable ones (+1.9 / +1.7 points, docs/benchmarks.md); on news where a missing
    /// date or figure is the usual near miss, it is the more careful choice.
    /// </summary>
    public bool AbstainOnMissingAnswerType { get; set; }

    /// <summary>
    /// How many retrieved chunks' analyses (answer units, terms, answer-type words) are kept across questions, so a
    /// chunk retrieved again is not split and tokenised again; 0 keeps none. About 8 chunks per question.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ChunkAnalysisCacheSize { get; set; } = ChunkAnalyses.DefaultCapacity;

    /// <summary>The longest question or topic accepted, in characters.</summary>
    [Range(10, 4000)]
    public int MaxQuestionLength { get; set; } = 1000;
}
