namespace Briefer.Core.Answering;

/// <summary>
/// A question's answerability inputs apart from the ranking (<see cref="AnswerFeatures.Facts"/>), so a training run can
/// keep them with the candidate rows and rebuild the question row for any ranker's scores without featurizing again.
/// </summary>
/// <param name="Fixed">Per question feature (<see cref="FeatureTable.Question"/> order): its value, for those that do not read the ranking (0 for those that do).</param>
/// <param name="Coverage">Per candidate: its coverage of the question's terms.</param>
/// <param name="MaxCoverage">The best coverage of any candidate (0 with none).</param>
public sealed record QuestionFacts(IReadOnlyList<float> Fixed, IReadOnlyList<double> Coverage, double MaxCoverage);
