using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Briefer.Core.Documents;

namespace Briefer.Core.Answering;

/// <summary>
/// What the ranking features share for one question, by section (a document's units under one heading path): how
/// well each section's words cover the question, which units hold the kind of answer asked for, and where each unit
/// sits against the unit of its section that names the question's subject. Documentation answers often share no word
/// with the question ("Use the --agent flag…" under "Agent mode", "save \"\"" after the sentence naming the task): the
/// section and the naming sentence carry the question's words, the unit after them the answer.
/// </summary>
internal sealed partial class SectionContext
{
    private static readonly ConditionalWeakTable<AnswerFeatures, SectionContext> Cache = [];

    private readonly Dictionary<SentenceCandidate, string> _sectionOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, double> _coverage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _members = new(StringComparer.Ordinal);
    private readonly bool[] _holds;
    private readonly int[] _heldOrder;
    private readonly int[] _heldRank;
    private readonly int[] _subjectOffset;
    private readonly bool[] _firstHeldAfterSubject;

    private SectionContext(AnswerFeatures features)
    {
        var candidates = features.Candidates;
        for (var i = 0; i < candidates.Count; i++)
        {
            var key = Key(candidates[i]);
            _sectionOf[candidates[i]] = key;
            if (!_members.TryGetValue(key, out var list))
            {
                _members[key] = list = [];
            }

            list.Add(i);
        }

        foreach (var (key, members) in _members)
        {
            members.Sort((a, b) => candidates[a].Start.CompareTo(candidates[b].Start));
            var terms = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in members)
            {
                terms.UnionWith(candidates[m].TermSet);
                terms.UnionWith(candidates[m].ContextTerms);
            }

            _coverage[key] = features.Coverage(terms);
        }

        Asked = features.Documentation.Asked;
        AskedNames = [.. features.Documentation.Identifiers, .. Flag().Matches(features.Question.Question).Select(m => m.Value.ToLowerInvariant())];
        _holds = [.. candidates.Select(c => Holds(features, Asked, c))];
        _heldOrder = new int[candidates.Count];
        _heldRank = new int[candidates.Count];
        _subjectOffset = new int[candidates.Count];
        _firstHeldAfterSubject = new bool[candidates.Count];
        var window = candidates.Select((c, i) => WindowCoverage(features, c, i)).ToArray();
        foreach (var members in _members.Values)
        {
            var order = 0;
            var subject = members.MaxBy(features.CoverageAt);
            var subjectAt = members.IndexOf(subject);
            for (var k = 0; k < members.Count; k++)
            {
                var i = members[k];
                _heldOrder[i] = _holds[i] ? order++ : -1;
                _subjectOffset[i] = Math.Clamp(k - subjectAt, -MaxOffset, MaxOffset);
            }

            var after = members.Skip(subjectAt + 1).Where(i => _holds[i]).FirstOrDefault(-1);
            if (after >= 0)
            {
                _firstHeldAfterSubject[after] = true;
            }
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            // Among the units holding the asked kind, how many are in a better-covering section or, in as good a one,
            // have a better-covering window: the "first command of the section about the task".
            var own = (Section(i), window[i]);
            _heldRank[i] = !_holds[i] ? -1 : Enumerable.Range(0, candidates.Count)
                .Count(j => j != i && _holds[j] && (Section(j) > own.Item1 || (Section(j) == own.Item1 && window[j] > own.Item2)));
        }

        SectionsAbove = _coverage.ToDictionary(kv => kv.Key, kv => _coverage.Values.Count(v => v > kv.Value), StringComparer.Ordinal);
        double Section(int i) => _coverage[_sectionOf[candidates[i]]];
    }

    /// <summary>How far a unit's offset from its section's subject is counted, either way.</summary>
    public const int MaxOffset = 6;

    public AskedKind Asked { get; }

    /// <summary>The identifiers the question names and its flags as written, short ones too ("-p", "--timeout"), lower case.</summary>
    public HashSet<string> AskedNames { get; }

    /// <summary>Per section key, how many sections cover the question better.</summary>
    public IReadOnlyDictionary<string, int> SectionsAbove { get; }

    public static SectionContext Of(AnswerFeatures features) => Cache.GetValue(features, f => new SectionContext(f));

    /// <summary>The question's coverage by every unit of the candidate's section with its heading path and table headers.</summary>
    public double SectionCoverage(SentenceCandidate candidate) => _coverage[_sectionOf[candidate]];

    /// <summary>How many sections cover the question better than the candidate's (0: the best section).</summary>
    public int SectionRank(SentenceCandidate candidate) => SectionsAbove[_sectionOf[candidate]];

    /// <summary>Whether candidate <paramref name="index"/> holds the kind of answer asked for.</summary>
    public bool Holds(int index) => _holds[index];

    /// <summary>Among its section's units that hold the asked kind, the candidate's position in document order; −1 when it holds none.</summary>
    public int HeldOrder(int index) => _heldOrder[index];

    /// <summary>How many units holding the asked kind are in a better-covering section or cover better in as good a one; −1 when it holds none.</summary>
    public int HeldRank(int index) => _heldRank[index];

    /// <summary>
    /// The candidate's position against its section's best-covering unit (its subject): 0 for that unit, 1 for the
    /// unit after it, −1 before, capped at <see cref="MaxOffset"/> either way.
    /// </summary>
    public int SubjectOffset(int index) => _subjectOffset[index];

    /// <summary>Whether the candidate is the first unit after its section's subject that holds the asked kind (the command after the sentence naming the task).</summary>
    public bool FirstHeldAfterSubject(int index) => _firstHeldAfterSubject[index];

    /// <summary>A unit's section: its document and heading path (its chunk when it has no heading path).</summary>
    public static string Key(SentenceCandidate candidate) =>
        candidate.HeadingPath.Length > 0
            ? candidate.Chunk.DocumentId.Value + "\n" + candidate.HeadingPath
            : candidate.Chunk.DocumentId.Value + "\n#" + candidate.Chunk.ChunkIndex;

    /// <summary>
    /// Whether the unit holds what the question asks for: a command, default, version or cause for a technical
    /// question (<see cref="DocumentationShapes.Matches(AskedKind, string, BlockKind?, int)"/>), else the answer type's evidence (a number for "how many").
    /// </summary>
    private static bool Holds(AnswerFeatures features, AskedKind asked, SentenceCandidate candidate)
    {
        var evidence = features.EvidenceOf(candidate);
        if (DocumentationShapes.Matches(asked, candidate.Unit, candidate.Kind == BlockKind.Paragraph ? null : candidate.Kind, evidence.Reasons) is { } matched)
        {
            return matched;
        }

        return features.Question.AnswerType is not (AnswerType.Description or AnswerType.Entity) && evidence.For(features.Question.AnswerType) > 0;
    }

    private static double WindowCoverage(AnswerFeatures features, SentenceCandidate candidate, int index)
    {
        var best = features.CoverageAt(index);
        if (candidate.Previous is { } p)
        {
            best = Math.Max(best, features.Coverage(p.TermSet));
        }

        return best;
    }

    [GeneratedRegex(@"(?<![\w-])--?[A-Za-z][\w.-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Flag();
}
