namespace Briefer.Core.Answering;

/// <summary>What a trained answer model records about itself, so it can be checked and reproduced.</summary>
/// <param name="CandidateFeatures">The candidate feature names it was trained on, in order (must equal <see cref="AnswerFeatures.CandidateNames"/>).</param>
/// <param name="QuestionFeatures">The question feature names it was trained on, in order.</param>
/// <param name="AnswerableThreshold">The answerability probability below which Briefer abstains.</param>
/// <param name="Trained">How it was trained: data, folds, sizes.</param>
/// <param name="Validation">Figures measured on held-out folds when it was trained.</param>
/// <param name="Slice">Figures of the final model on a fixed slice of the training data, for the reproduction test.</param>
/// <param name="Passage">How far below the best sentence its neighbours and a second citation may score and still be quoted.</param>
/// <param name="Confidence">The answer confidence's calibration (<see cref="AnswerCalibration"/>); a model without it does not load.</param>
/// <param name="SecondStage">The second-stage ranker's record (<see cref="Answering.SecondStage"/>); null: the first stage's order stands.</param>
public sealed record AnswerModelInfo(
    IReadOnlyList<string> CandidateFeatures,
    IReadOnlyList<string> QuestionFeatures,
    double AnswerableThreshold,
    string Trained,
    AnswerFigures Validation,
    SliceFigures? Slice,
    PassageMargins Passage,
    ConfidenceCalibrationInfo? Confidence = null,
    SecondStageInfo? SecondStage = null);

/// <summary>
/// Margins in ranking-score units: the sentence after (<paramref name="Next"/>) or before (<paramref name="Previous"/>)
/// the best one joins its quote when it scores within the margin; another sentence becomes a second citation within
/// <paramref name="Second"/>. Negative infinity: never.
/// </summary>
public sealed record PassageMargins(float Next, float Previous, float Second);

/// <summary>Answer-quality figures over a set of questions.</summary>
/// <param name="FirstSentenceCorrect">Answerable questions whose first quoted sentence holds a gold answer, cited to the right document.</param>
/// <param name="AnswerContains">Answerable questions with a gold answer anywhere in the answer.</param>
/// <param name="UnanswerableAbstained">Unanswerable questions abstained on.</param>
/// <param name="WrongAbstentions">Answerable questions abstained on.</param>
/// <param name="MissingDocument">Questions asked with their own document not loaded (scored apart from <paramref name="Unanswerable"/>).</param>
/// <param name="MissingDocumentAbstained">Of those, how many abstained.</param>
public sealed record AnswerFigures(int Answerable, int Unanswerable, int FirstSentenceCorrect, int AnswerContains, int UnanswerableAbstained, int WrongAbstentions, int MissingDocument = 0, int MissingDocumentAbstained = 0)
{
    /// <summary>Answerable questions answered (not abstained) whose first citation is on a page that holds the answer.</summary>
    public int RightPageFirst { get; init; }

    public double RightPageFirstRate => Answerable == 0 ? 0 : RightPageFirst / (double)Answerable;

    public double MissingDocumentAbstainRate => MissingDocument == 0 ? 0 : MissingDocumentAbstained / (double)MissingDocument;

    public double FirstSentenceRate => Answerable == 0 ? 0 : FirstSentenceCorrect / (double)Answerable;

    public double ContainsRate => Answerable == 0 ? 0 : AnswerContains / (double)Answerable;

    public double AbstainRate => Unanswerable == 0 ? 0 : UnanswerableAbstained / (double)Unanswerable;

    public double WrongAbstainRate => Answerable == 0 ? 0 : WrongAbstentions / (double)Answerable;

    public static AnswerFigures operator +(AnswerFigures a, AnswerFigures b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.Answerable + b.Answerable, a.Unanswerable + b.Unanswerable, a.FirstSentenceCorrect + b.FirstSentenceCorrect,
            a.AnswerContains + b.AnswerContains, a.UnanswerableAbstained + b.UnanswerableAbstained, a.WrongAbstentions + b.WrongAbstentions,
            a.MissingDocument + b.MissingDocument, a.MissingDocumentAbstained + b.MissingDocumentAbstained)
        {
            RightPageFirst = a.RightPageFirst + b.RightPageFirst,
        };
    }

    public static AnswerFigures Add(AnswerFigures a, AnswerFigures b) => a + b;

    public static AnswerFigures Empty { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>The final model's figures on a named slice of its training data, recorded at training time.</summary>
/// <param name="Articles">The slice: the titles of the articles whose questions were scored.</param>
public sealed record SliceFigures(IReadOnlyList<string> Articles, AnswerFigures Figures);
