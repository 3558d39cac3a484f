using System.Text.Json;
using System.Text.Json.Serialization;
using Briefer.Cli.Eval;
using Briefer.Cli.Eval.Docs;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;

namespace Briefer.Cli.Train;

/// <summary>One question's out-of-fold decision, for error analysis (<c>train answers --dump</c>).</summary>
internal sealed record TrainingDumpLine(
    string Id, string Question, string Type, bool Answerable, float Probability, bool BestRight, string? Best, string? Right,
    IReadOnlyDictionary<string, float>? BestFeatures, IReadOnlyDictionary<string, float>? RightFeatures, IReadOnlyList<string> Gold,
    float BestScore, float? PreviousScore, bool PreviousRight, float? NextScore, bool NextRight, bool BestOpensWithReference, bool NextOpensWithReference);

/// <summary>One documentation question's out-of-fold decision.</summary>
internal sealed record DocsDumpLine(
    string Project, string Question, string Kind, bool Answerable, float Probability, bool BestRight, bool BestOnRightPage, string? BestPage, string? Best, string? Right,
    IReadOnlyDictionary<string, float>? BestFeatures, IReadOnlyDictionary<string, float>? RightFeatures, IReadOnlyList<string> Gold)
{
    /// <summary>Whether a retrieved chunk from an allowed page holds a gold string (false: a retrieval miss; true with no right candidate: a unit miss).</summary>
    public bool GoldInChunk { get; init; }

    /// <summary>The rank of the best-scored right candidate among all candidates (0 = first), or -1 with none.</summary>
    public int RightRank { get; init; } = -1;
}

internal static class TrainingDump
{
    /// <summary>The dump line of one question: SQuAD's form or a documentation set's, by its project.</summary>
    public static string Line(QuestionNotes notes, TrainingQuestion q, float[] scores, float probability)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(q);
        var best = scores.Length == 0 ? -1 : AnswerModelTrainer.ArgMax(scores);
        var right = Enumerable.Range(0, q.Labels.Count).Where(i => q.Labels[i]).OrderByDescending(i => scores[i]).FirstOrDefault(-1);
        var texts = notes.Texts;
        if (q.Project == SquadTrainingSet.Project)
        {
            var previous = best >= 0 ? q.Previous[best] : -1;
            var next = best >= 0 ? q.Next[best] : -1;
            return JsonSerializer.Serialize(
                new TrainingDumpLine(
                    notes.Id, notes.Text, notes.Kind, q.Answerable, probability,
                    best >= 0 && q.Labels[best], best >= 0 ? texts[best] : null, right >= 0 ? texts[right] : null,
                    best >= 0 ? Named(q.Rows[best]) : null, right >= 0 ? Named(q.Rows[right]) : null, notes.Gold,
                    best >= 0 ? scores[best] : 0, previous >= 0 ? scores[previous] : null, previous >= 0 && q.Labels[previous],
                    next >= 0 ? scores[next] : null, next >= 0 && q.Labels[next],
                    best >= 0 && AnswerFeatures.OpensWithReference(texts[best]), next >= 0 && AnswerFeatures.OpensWithReference(texts[next])),
                TrainingDumpJson.Default.TrainingDumpLine);
        }

        return JsonSerializer.Serialize(
            new DocsDumpLine(
                q.Project, notes.Text, notes.Kind, q.Answerable, probability, best >= 0 && q.Labels[best], best >= 0 && (q.RightPage?[best] ?? false),
                best >= 0 ? notes.Pages[best] : null, best >= 0 ? texts[best] : null, right >= 0 ? texts[right] : null,
                best >= 0 ? Named(q.Rows[best]) : null, right >= 0 ? Named(q.Rows[right]) : null, notes.Gold)
            {
                GoldInChunk = notes.GoldInChunk,
                RightRank = right < 0 ? -1 : scores.Count(s => s > scores[right]),
            },
            TrainingDumpJson.Default.DocsDumpLine);
    }

    private static Dictionary<string, float> Named(float[] row) =>
        AnswerFeatures.CandidateNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => row[x.i]);
}

[JsonSerializable(typeof(TrainingDumpLine))]
[JsonSerializable(typeof(DocsDumpLine))]
internal sealed partial class TrainingDumpJson : JsonSerializerContext;
