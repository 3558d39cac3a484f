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
    public static string Line(SquadCase item, float[] scores, float probability)
    {
        var q = item.Training;
        var best = scores.Length == 0 ? -1 : AnswerModelTrainer.ArgMax(scores);
        var right = Enumerable.Range(0, q.Labels.Count).Where(i => q.Labels[i]).OrderByDescending(i => scores[i]).FirstOrDefault(-1);
        var candidates = SentenceCandidates.From(item.Evidence);
        var texts = candidates.Select(c => c.Text).ToList();
        var index = candidates.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var previous = best >= 0 && candidates[best].Previous is { } p && index.TryGetValue(p, out var pi) ? pi : -1;
        var next = best >= 0 && candidates[best].Next is { } n && index.TryGetValue(n, out var ni) ? ni : -1;
        return JsonSerializer.Serialize(
            new TrainingDumpLine(
                item.Question.Id, item.Question.Text, QuestionAnalyzer.Analyze(item.Question.Text).AnswerType.ToString(), q.Answerable, probability,
                best >= 0 && q.Labels[best], best >= 0 ? texts[best] : null, right >= 0 ? texts[right] : null,
                best >= 0 ? Named(q.Rows[best]) : null, right >= 0 ? Named(q.Rows[right]) : null, item.Question.Answers,
                best >= 0 ? scores[best] : 0, previous >= 0 ? scores[previous] : null, previous >= 0 && q.Labels[previous],
                next >= 0 ? scores[next] : null, next >= 0 && q.Labels[next],
                best >= 0 && AnswerFeatures.OpensWithReference(texts[best]), next >= 0 && AnswerFeatures.OpensWithReference(texts[next])),
            TrainingDumpJson.Default.TrainingDumpLine);
    }

    public static string Line(DocsCase item, float[] scores, float probability)
    {
        var q = item.Training;
        var candidates = SentenceCandidates.From(item.Evidence);
        var best = scores.Length == 0 ? -1 : AnswerModelTrainer.ArgMax(scores);
        var right = Enumerable.Range(0, q.Labels.Count).Where(i => q.Labels[i]).OrderByDescending(i => scores[i]).FirstOrDefault(-1);
        return JsonSerializer.Serialize(
            new DocsDumpLine(
                q.Project, item.Question.Q, item.Question.Kind, q.Answerable, probability, best >= 0 && q.Labels[best], best >= 0 && (q.RightPage?[best] ?? false),
                best >= 0 ? Path.GetFileName(candidates[best].Chunk.Source) : null, best >= 0 ? candidates[best].Text : null, right >= 0 ? candidates[right].Text : null,
                best >= 0 ? Named(q.Rows[best]) : null, right >= 0 ? Named(q.Rows[right]) : null, item.Question.GoldStrings)
            {
                GoldInChunk = item.Evidence.Any(c => item.Question.AllowedPages.Contains(Path.GetFileName(c.Source)) && DocsQaScorer.ContainsAny(c.Text, item.Question.GoldStrings)),
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
