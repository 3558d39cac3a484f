using Briefer.Core.Answering;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace Briefer.Cli.Trainer;

/// <summary>One labelled question for training: its candidates' features and which of them hold a gold answer.</summary>
/// <param name="Fold">The cross-validation fold (questions of one article share a fold, so no article is both trained and tested on).</param>
/// <param name="Answerable">Whether the documents answer the question.</param>
/// <param name="Rows">The candidate feature rows (<see cref="AnswerFeatures.Candidate"/>).</param>
/// <param name="Labels">Per candidate: whether it holds a gold answer in the right document.</param>
/// <param name="QuestionRow">Builds the question row from ranking scores and the best candidate's index.</param>
/// <param name="Previous">Per candidate: the index of the sentence before it in its chunk, or -1.</param>
/// <param name="Next">Per candidate: the index of the sentence after it in its chunk, or -1.</param>
/// <param name="OpensWithReference">Per candidate: whether it opens by pointing back ("He…", "This…").</param>
public sealed record TrainingQuestion(
    int Fold,
    bool Answerable,
    IReadOnlyList<float[]> Rows,
    IReadOnlyList<bool> Labels,
    Func<IReadOnlyList<float>, int, float[]> QuestionRow,
    IReadOnlyList<int> Previous,
    IReadOnlyList<int> Next,
    IReadOnlyList<bool> OpensWithReference)
{
    /// <summary>
    /// Whether this is a question asked with its own document left out of the retrieved chunks (the documents a
    /// member asks about are not loaded): unanswerable, and counted apart from questions that only look answerable.
    /// </summary>
    public bool MissingDocument { get; init; }

    /// <summary>The project (documentation set, or SQuAD) the question belongs to, for figures per project.</summary>
    public string Project { get; init; } = string.Empty;

    /// <summary>Per candidate: whether it comes from a page that holds the answer (null: unknown; right page then counts as a right candidate).</summary>
    public IReadOnlyList<bool>? RightPage { get; init; }

    /// <summary>
    /// Whether the serving rule abstains on the question whatever the model says (a key term no retrieved passage
    /// mentions, <see cref="AbstainReasons.MissingKeyTerm"/>): the figures count it abstained, and the threshold's budget
    /// of wrong abstentions is what the rule leaves.
    /// </summary>
    public bool RuleAbstains { get; init; }

    /// <summary>How many times the question counts in training (a small project's questions weigh more against SQuAD's thousands).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>What <see cref="QuestionRow"/> reads of the question besides the ranking (kept with the rows, <see cref="AnswerFeatures.Facts"/>).</summary>
    public QuestionFacts? Facts { get; init; }

    /// <summary>The training form of a question's candidates (neighbours and reference openings read from them).</summary>
    public static TrainingQuestion For(int fold, bool answerable, IReadOnlyList<SentenceCandidate> candidates, IReadOnlyList<float[]> rows, IReadOnlyList<bool> labels, Func<IReadOnlyList<float>, int, float[]> questionRow)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var index = new Dictionary<SentenceCandidate, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < candidates.Count; i++)
        {
            index[candidates[i]] = i;
        }

        int Of(SentenceCandidate? c) => c is not null && index.TryGetValue(c, out var i) ? i : -1;
        return new TrainingQuestion(
            fold, answerable, rows, labels, questionRow,
            [.. candidates.Select(c => Of(c.Previous))], [.. candidates.Select(c => Of(c.Next))],
            [.. candidates.Select(c => AnswerFeatures.OpensWithReference(c.Text))]);
    }
}

/// <summary>Settings of a training run.</summary>
/// <param name="TargetWrongAbstentions">The share of answerable questions the threshold may abstain on, chosen on out-of-fold predictions.</param>
/// <param name="SentencesPerAnswer">The average number of sentences the first citation may quote when the margins for a neighbouring sentence are chosen.</param>
/// <param name="PageGrade">The ranker's relevance of a unit of a page that holds the answer (the answer's own unit is one above); 0, the default: only the answer counts (grading the page cost first units held out, docs/benchmarks.md).</param>
/// <param name="SecondStageTopK">How many of the first stage's best candidates the second stage reorders (<see cref="SecondStage"/>); below 2: no second stage.</param>
/// <param name="SecondStagePageGrade">The second stage's relevance of a unit of a page that holds the answer (the answer's own unit is one above).</param>
/// <param name="SecondStageDocumentationOnly">Whether the second stage is trained on and applied to documentation-shaped evidence only.</param>
public sealed record TrainingSettings(
    int Folds = 5, double TargetWrongAbstentions = 0.08, int RankerTrees = 150, int ClassifierTrees = 150, int Leaves = 16, int Seed = 1, double SentencesPerAnswer = 1.3, int PageGrade = 0,
    int SecondStageTopK = 0, bool SecondStageDocumentationOnly = true, int SecondStageTrees = 100, int SecondStageLeaves = 8, int SecondStagePageGrade = 0);

/// <summary>
/// Trains an <see cref="AnswerModel"/>: a LambdaRank ranker over candidate sentences, and an answerability classifier
/// stacked on the ranker's out-of-fold scores (so it learns from scores like those it will see on unseen documents),
/// with the abstention threshold chosen on the classifier's own out-of-fold predictions.
/// </summary>
public sealed class AnswerModelTrainer(TrainingSettings settings)
{
    private static readonly int QuestionWidth = AnswerFeatures.QuestionNames.Count + AnswerFeatures.CandidateNames.Count;

    private readonly MLContext _ml = new(settings.Seed);
    private ITransformer? _lastRanker;

    /// <summary>The first stage's out-of-fold scores of the last <see cref="Train"/> (before the second stage), for its ablation.</summary>
    public IReadOnlyList<float[]> FirstStageScores { get; private set; } = [];

    /// <summary>
    /// Trains on all <paramref name="questions"/>; the validation figures are the out-of-fold ones. With
    /// <paramref name="final"/> false only those figures are computed (the returned model's parts are the last fold's).
    /// </summary>
    /// <param name="outOfFold">Called for every question with its out-of-fold ranking scores and answerability probability (for error analysis).</param>
    public AnswerModel Train(IReadOnlyList<TrainingQuestion> questions, string description, bool final = true, Action<int, float[], float>? outOfFold = null)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var folds = questions.Select(q => q.Fold).Distinct().Order().ToList();
        var firstStage = OutOfFoldScores(questions, folds);
        FirstStageScores = firstStage;
        var second = settings.SecondStageTopK >= 2 ? new SecondStageTrainer(_ml, settings) : null;
        ITransformer? lastSecond = null;
        var oofScores = second is null ? firstStage : second.OutOfFold(questions, firstStage, out lastSecond);
        var questionRows = questions.Select((q, i) => QuestionRow(q, oofScores[i])).ToList();
        var oofProbabilities = new float[questions.Count];
        ITransformer? classifier = null;
        foreach (var fold in folds)
        {
            var train = Indices(questions, q => q.Fold != fold);
            var test = Indices(questions, q => q.Fold == fold);
            classifier = TrainClassifier(train.SelectMany(i => Enumerable.Repeat((questionRows[i], questions[i].Answerable), questions[i].Weight)).ToList());
            var probabilities = AnswerModel.Score(_ml, classifier, [.. test.Select(i => questionRows[i])], QuestionWidth, "Probability");
            for (var k = 0; k < test.Count; k++)
            {
                oofProbabilities[test[k]] = probabilities[k];
            }
        }

        var threshold = ChooseThreshold(questions, oofProbabilities);
        var passage = ChoosePassage(questions, oofScores);
        for (var i = 0; i < questions.Count; i++)
        {
            outOfFold?.Invoke(i, oofScores[i], oofProbabilities[i]);
        }

        var validation = Figures(questions, oofScores, oofProbabilities, threshold);
        var (confidence, calibration) = new AnswerCalibrationTrainer(_ml).Fit(questions, questionRows, oofScores, oofProbabilities, threshold);
        if (!final)
        {
            return new AnswerModel(_ml, _lastRanker!, classifier!, confidence, Info(threshold, description, validation, passage, calibration, lastSecond is null ? null : second!.Info(description)), lastSecond);
        }

        var ranker = TrainRanker(questions);
        var answerable = TrainClassifier(questionRows.SelectMany((r, i) => Enumerable.Repeat((r, questions[i].Answerable), questions[i].Weight)).ToList());
        var secondStage = second?.Train(questions, firstStage, _ => true);
        return CompiledModelExport.Compile(new AnswerModel(_ml, ranker, answerable, confidence, Info(threshold, description, validation, passage, calibration, secondStage is null ? null : second!.Info(description)), secondStage));
    }

    /// <summary>
    /// Cross-validates the whole procedure: for each fold, trains on the others (threshold included) and measures on it.
    /// </summary>
    public AnswerFigures CrossValidate(IReadOnlyList<TrainingQuestion> questions, Action<int, AnswerModel, IReadOnlyList<int>>? onFold = null)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var total = AnswerFigures.Empty;
        foreach (var fold in questions.Select(q => q.Fold).Distinct().Order())
        {
            var train = questions.Where(q => q.Fold != fold).ToList();
            var test = Indices(questions, q => q.Fold == fold);
            var model = Train(train, $"fold {fold}");
            onFold?.Invoke(fold, model, test);
            var scores = test.Select(i => model.Rank(questions[i].Rows)).ToList();
            var probabilities = test.Select((i, k) => model.Answerable(QuestionRow(questions[i], scores[k]))).ToList();
            total += Figures([.. test.Select(i => questions[i])], scores, probabilities, model.Info.AnswerableThreshold);
        }

        return total;
    }

    /// <summary>Figures for questions given their ranking scores and answerability probabilities (top candidate = first sentence).</summary>
    public static AnswerFigures Figures(IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<float[]> scores, IReadOnlyList<float> probabilities, double threshold)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(probabilities);
        int answerable = 0, unanswerable = 0, first = 0, rightPage = 0, abstainedRight = 0, abstainedWrong = 0, missing = 0, missingAbstained = 0;
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var abstain = q.Rows.Count == 0 || q.RuleAbstains || probabilities[i] < threshold;
            if (q.MissingDocument)
            {
                missing++;
                missingAbstained += abstain ? 1 : 0;
            }
            else if (q.Answerable)
            {
                answerable++;
                if (abstain)
                {
                    abstainedWrong++;
                }
                else
                {
                    var best = ArgMax(scores[i]);
                    first += q.Labels[best] ? 1 : 0;
                    rightPage += (q.RightPage?[best] ?? q.Labels[best]) ? 1 : 0;
                }
            }
            else
            {
                unanswerable++;
                abstainedRight += abstain ? 1 : 0;
            }
        }

        return new AnswerFigures(answerable, unanswerable, first, first, abstainedRight, abstainedWrong, missing, missingAbstained) { RightPageFirst = rightPage };
    }

    /// <summary>The index of the highest score (the first on ties): the serving model's own choice.</summary>
    public static int ArgMax(IReadOnlyList<float> scores) => AnswerModel.ArgMax(scores);

    private float[][] OutOfFoldScores(IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<int> folds)
    {
        var scores = new float[questions.Count][];
        foreach (var fold in folds)
        {
            var ranker = TrainRanker([.. questions.Where(q => q.Fold != fold)]);
            _lastRanker = ranker;
            foreach (var i in Indices(questions, q => q.Fold == fold))
            {
                scores[i] = questions[i].Rows.Count == 0 ? [] : AnswerModel.Score(_ml, ranker, questions[i].Rows, AnswerFeatures.CandidateNames.Count, "Score");
            }
        }

        return scores;
    }

    private static float[] QuestionRow(TrainingQuestion q, IReadOnlyList<float> scores) =>
        q.Rows.Count == 0 ? q.QuestionRow([], -1) : q.QuestionRow(scores, ArgMax(scores));

    private ITransformer TrainRanker(IReadOnlyList<TrainingQuestion> questions)
    {
        var rows = new List<FeatureRow>();
        var group = 0u;
        foreach (var q in questions.Where(q => q.Answerable && q.Labels.Contains(true)))
        {
            for (var copy = 0; copy < q.Weight; copy++)
            {
                group++;
                rows.AddRange(q.Rows.Select((r, i) => new FeatureRow { Features = r, Label = Grade(q, i), Group = group }));
            }
        }

        return LambdaRank.Fit(_ml, rows, AnswerFeatures.CandidateNames.Count, settings.RankerTrees, settings.Leaves, learningRate: 0.1);
    }

    /// <summary>A candidate's relevance: the right unit above the other units of a right page (when known) above the rest.</summary>
    private float Grade(TrainingQuestion q, int i) =>
        q.Labels[i] ? 1 + settings.PageGrade : q.RightPage?[i] == true ? settings.PageGrade : 0;

    private ITransformer TrainClassifier(IReadOnlyList<(float[] Row, bool Answerable)> rows)
    {
        var data = _ml.Data.LoadFromEnumerable(
            rows.Select(r => new ClassifierRow { Features = r.Row, Label = r.Answerable }),
            ClassifierRow.Schema(QuestionWidth));
        var trainer = _ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = settings.ClassifierTrees,
            NumberOfLeaves = settings.Leaves,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.1,
            NumberOfThreads = 1,
        });
        return trainer.Fit(data);
    }

    /// <summary>The lowest threshold that abstains on at most the target share of answerable questions.</summary>
    private double ChooseThreshold(IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<float> probabilities)
    {
        // An answerable question the rule abstains on spends the budget whatever the threshold.
        var answerable = questions.Select((q, i) => (q, p: q.RuleAbstains ? -1.0 : probabilities[i])).Where(x => x.q.Answerable).SelectMany(x => Enumerable.Repeat(x.p, x.q.Weight)).Order().ToList();
        if (answerable.Count == 0)
        {
            return 0.5;
        }

        var allowed = (int)Math.Floor(answerable.Count * settings.TargetWrongAbstentions);
        return Math.Max(0, allowed <= 0 ? answerable[0] : answerable[Math.Min(allowed, answerable.Count - 1)]);
    }

    private static List<int> Indices(IReadOnlyList<TrainingQuestion> questions, Func<TrainingQuestion, bool> predicate) =>
        [.. Enumerable.Range(0, questions.Count).Where(i => predicate(questions[i]))];

    private static AnswerModelInfo Info(double threshold, string description, AnswerFigures validation, PassageMargins passage, ConfidenceCalibrationInfo calibration, SecondStageInfo? secondStage) =>
        new(AnswerFeatures.CandidateNames, AnswerFeatures.QuestionNames, threshold, description, validation, null, passage, calibration, secondStage);

    /// <summary>
    /// The margins (in ranking-score units, measured on out-of-fold scores) within which the sentence after or before
    /// the best one joins its quote: the pair that puts the answer in the first citation most often while the quote
    /// stays within <see cref="TrainingSettings.SentencesPerAnswer"/> sentences on average; and the margin for a second,
    /// separate citation (the closest 15 % of runners-up).
    /// </summary>
    private PassageMargins ChoosePassage(IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<float[]> scores)
    {
        var answered = Enumerable.Range(0, questions.Count).Where(i => questions[i].Answerable && questions[i].Rows.Count > 0).ToList();
        var gaps = answered.SelectMany(i =>
        {
            var best = ArgMax(scores[i]);
            return new[] { questions[i].Next[best], questions[i].Previous[best] }.Where(n => n >= 0).Select(n => scores[i][best] - scores[i][n]);
        }).Order().ToList();
        if (gaps.Count == 0)
        {
            return new PassageMargins(0, 0, 0);
        }

        float Quantile(IReadOnlyList<float> sorted, double q) => sorted[Math.Clamp((int)(q * sorted.Count), 0, sorted.Count - 1)];
        var options = new[] { 0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5 }.Select(q => q == 0 ? float.NegativeInfinity : Quantile(gaps, q)).ToList();
        var best = new PassageMargins(float.NegativeInfinity, float.NegativeInfinity, 0);
        var bestHits = -1;
        foreach (var next in options)
        {
            foreach (var previous in options)
            {
                var (hits, sentences) = Passages(questions, scores, answered, next, previous);
                if (sentences <= settings.SentencesPerAnswer * answered.Count && hits > bestHits)
                {
                    (best, bestHits) = (new PassageMargins(next, previous, 0), hits);
                }
            }
        }

        var runnersUp = answered.Select(i => scores[i].Length < 2 ? float.PositiveInfinity : scores[i].Max() - scores[i].OrderDescending().ElementAt(1)).Order().ToList();
        return best with { Second = Quantile(runnersUp, 0.15) };
    }

    private static (int Hits, int Sentences) Passages(IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<float[]> scores, IReadOnlyList<int> answered, float next, float previous)
    {
        int hits = 0, sentences = 0;
        foreach (var i in answered)
        {
            var q = questions[i];
            var best = ArgMax(scores[i]);
            var right = q.Labels[best];
            sentences++;
            var n = q.Next[best];
            if (n >= 0 && scores[i][n] >= scores[i][best] - next)
            {
                right |= q.Labels[n];
                sentences++;
            }

            var p = q.Previous[best];
            if (p >= 0 && (q.OpensWithReference[best] || scores[i][p] >= scores[i][best] - previous))
            {
                right |= q.Labels[p];
                sentences++;
            }

            hits += right ? 1 : 0;
        }

        return (hits, sentences);
    }

    private sealed class ClassifierRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public static Microsoft.ML.Data.SchemaDefinition Schema(int width)
        {
            var schema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(ClassifierRow));
            schema[nameof(Features)].ColumnType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, width);
            return schema;
        }
    }
}
