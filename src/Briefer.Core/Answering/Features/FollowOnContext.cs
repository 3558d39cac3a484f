using System.Runtime.CompilerServices;

namespace Briefer.Core.Answering;

/// <summary>
/// What the follow-on features share for one question, by document (its units in document order, across headings):
/// the unit that names the question's subject best, each unit's distance after it in units and in sections, how much
/// of the asked-for kind each unit and its heading hold, and which unit after the subject is the likeliest answer.
/// A reason, an amount or a place often follows the sentence naming the subject with no word of the question
/// ("The key factor … was …" under the next heading; "They had been held at …"; "The project will cost …"):
/// <see cref="SectionContext"/> sees the subject only within one heading, this sees the next heading too.
/// </summary>
internal sealed class FollowOnContext
{
    private static readonly ConditionalWeakTable<AnswerFeatures, FollowOnContext> Cache = [];

    private readonly int[] _offset;
    private readonly int[] _sectionStep;
    private readonly int[] _strength;
    private readonly bool[] _headingHolds;
    private readonly bool[] _bestAfterSubject;
    private readonly double[] _subjectCoverage;

    private FollowOnContext(AnswerFeatures features)
    {
        var candidates = features.Candidates;
        var n = candidates.Count;
        _offset = new int[n];
        _sectionStep = new int[n];
        _strength = new int[n];
        _headingHolds = new bool[n];
        _bestAfterSubject = new bool[n];
        _subjectCoverage = new double[n];
        var sections = SectionContext.Of(features);
        for (var i = 0; i < n; i++)
        {
            var heading = LastHeading(candidates[i].HeadingPath);
            var headingEvidence = heading.Length == 0 ? 0 : AnswerTypeDetector.Detect(heading, features.QuestionLower).For(features.Question.AnswerType);
            _headingHolds[i] = headingEvidence > 0 && features.Question.AnswerType is not (AnswerType.Description or AnswerType.Entity);
            _strength[i] = (sections.Holds(i) ? Math.Max(1, AnswerTypeDetector.Detect(candidates[i].Text, features.QuestionLower).For(features.Question.AnswerType)) : 0)
                + (_headingHolds[i] ? 1 : 0);
        }

        foreach (var document in Enumerable.Range(0, n).GroupBy(i => candidates[i].Chunk.DocumentId))
        {
            var order = document
                .OrderBy(i => candidates[i].Chunk.ChunkIndex)
                .ThenBy(i => candidates[i].Start)
                .ToList();
            var subjectAt = order.IndexOf(order.MaxBy(features.CoverageAt));
            var subject = order[subjectAt];
            var steps = SectionSteps(order.Select(i => candidates[i].HeadingPath).ToList(), subjectAt);
            for (var k = 0; k < order.Count; k++)
            {
                var i = order[k];
                _offset[i] = Math.Clamp(k - subjectAt, -MaxOffset, MaxOffset);
                _sectionStep[i] = Math.Clamp(steps[k], -MaxSteps, MaxSteps);
                _subjectCoverage[i] = features.CoverageAt(subject);
            }

            // The likeliest answer after the subject: among the units a few on, in its section or the next, holding
            // the asked kind themselves, the one holding the most of it (its heading counted), then covering the question
            // best, then the nearest.
            var best = Enumerable.Range(subjectAt + 1, Math.Max(0, Math.Min(Window, order.Count - subjectAt - 1)))
                .Where(k => steps[k] <= 1 && sections.Holds(order[k]))
                .Select(k => order[k])
                .OrderByDescending(i => _strength[i])
                .ThenByDescending(features.CoverageAt)
                .FirstOrDefault(-1);
            if (best >= 0)
            {
                _bestAfterSubject[best] = true;
            }
        }
    }

    /// <summary>How far a unit's offset from its document's subject is counted, either way.</summary>
    public const int MaxOffset = 6;

    /// <summary>How many units after the subject the likeliest answer is looked for.</summary>
    public const int Window = 5;

    private const int MaxSteps = 3;

    public static FollowOnContext Of(AnswerFeatures features) => Cache.GetValue(features, f => new FollowOnContext(f));

    /// <summary>The unit's position after its document's best-covering unit in document order: 0 for that unit, 1 the next, −1 before; capped either way.</summary>
    public int Offset(int index) => _offset[index];

    /// <summary>How many heading changes lie between the document's subject and the unit: 0 the same section, 1 the next, −1 the one before.</summary>
    public int SectionStep(int index) => _sectionStep[index];

    /// <summary>How much of the asked-for kind the unit holds (0 when none), one more when its own heading holds it too.</summary>
    public int Strength(int index) => _strength[index];

    /// <summary>Whether the unit's own heading holds the asked-for kind ("… Prompts Change in Strategy" for a why-question).</summary>
    public bool HeadingHolds(int index) => _headingHolds[index];

    /// <summary>Whether the unit is its document's likeliest answer after the subject (see the constructor).</summary>
    public bool BestAfterSubject(int index) => _bestAfterSubject[index];

    /// <summary>How well the unit's document's subject covers the question.</summary>
    public double SubjectCoverage(int index) => _subjectCoverage[index];

    /// <summary>The last part of a heading path ("Page › Section" gives "Section").</summary>
    internal static string LastHeading(string headingPath)
    {
        var at = headingPath.LastIndexOf('›');
        return (at < 0 ? headingPath : headingPath[(at + 1)..]).Trim();
    }

    /// <summary>Per unit in document order, the heading changes between the unit at <paramref name="subjectAt"/> and it, signed.</summary>
    internal static int[] SectionSteps(IReadOnlyList<string> headings, int subjectAt)
    {
        var steps = new int[headings.Count];
        for (var k = subjectAt + 1; k < headings.Count; k++)
        {
            steps[k] = steps[k - 1] + (string.Equals(headings[k], headings[k - 1], StringComparison.Ordinal) ? 0 : 1);
        }

        for (var k = subjectAt - 1; k >= 0; k--)
        {
            steps[k] = steps[k + 1] - (string.Equals(headings[k], headings[k + 1], StringComparison.Ordinal) ? 0 : 1);
        }

        return steps;
    }
}
