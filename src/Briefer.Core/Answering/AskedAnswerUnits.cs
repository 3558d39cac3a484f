using System.Text.RegularExpressions;

namespace Briefer.Core.Answering;

/// <summary>The kind of unit a documentation question wants its head quote to hold (the composer's reading, not a feature).</summary>
internal enum WantedUnit
{
    /// <summary>Nothing beyond what the model ranked best.</summary>
    None,

    /// <summary>"How do I…": a command, a code block, an option or a step.</summary>
    Command,

    /// <summary>"What's the default…": the line that states the default value.</summary>
    Default,

    /// <summary>"Why…": the cause.</summary>
    Reason,

    /// <summary>A pasted error, "X not working", "what do i do": the fix (a step, a command) or the cause.</summary>
    Fix,
}

/// <summary>
/// Answers the question, not its subject: when the best unit only names what the question is about (the lead-in before
/// a list or code, the symptom before "This is because…" or the step that fixes it, an option's heading line before its
/// default) the unit that gives the asked-for answer is usually one of the next few in the same section. These rules
/// find it, so the head quote holds both. Whether a unit holds the asked kind is read from the model's own feature row
/// (<c>asked_kind</c>, <c>default_value</c>) and from the unit's shape, never from a set's wording.
/// </summary>
internal static partial class AskedAnswerUnits
{
    /// <summary>How many units after the best one (in its section) may hold the answer.</summary>
    public const int Reach = 3;

    /// <summary>
    /// The most words a head quote grows to by these rules (the best unit, the units between and the answering one):
    /// about three sentences of documentation, never a page.
    /// </summary>
    public const int MaxHeadWords = 80;

    private static readonly int AskedKindIndex = IndexOf("asked_kind");
    private static readonly int DefaultValueIndex = IndexOf("default_value");

    /// <summary>What <paramref name="selection"/>'s question wants its head quote to hold.</summary>
    public static WantedUnit Wanted(AnswerSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var asked = selection.Ranked.Count > 0 && AskedKindIndex >= 0 ? (AskedKind)(int)selection.Ranked[0].Features[AskedKindIndex] : AskedKind.None;
        if (asked == AskedKind.Default)
        {
            return WantedUnit.Default;
        }

        if (TroubleshootingCues.Asks(selection.Question.Question))
        {
            return WantedUnit.Fix;
        }

        return asked switch
        {
            AskedKind.Reason => WantedUnit.Reason,
            AskedKind.Command => WantedUnit.Command,
            _ => WantedUnit.None,
        };
    }

    /// <summary>
    /// The units to quote after the best one so the head quote holds what was asked: up to the first of the next
    /// <see cref="Reach"/> units of its section that holds the wanted kind, the units between included (one exact slice);
    /// after a lead-in ("…run the following:"), at least the unit it introduces. Empty when the best unit already holds
    /// the kind, when none near does, or when the quote would pass <see cref="MaxHeadWords"/>.
    /// </summary>
    public static IReadOnlyList<SentenceCandidate> After(AnswerSelection selection, RankedSentence best)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(best);
        var wanted = Wanted(selection);
        var needs = wanted != WantedUnit.None && !Holds(wanted, best.Candidate, best.Features);
        var leadIn = IsLeadIn(best.Candidate);
        if (!needs && !leadIn)
        {
            return [];
        }

        var rows = selection.Ranked.ToDictionary(r => r.Candidate, r => r.Features);
        var words = Words(best.Candidate);
        var span = new List<SentenceCandidate>();
        for (var unit = best.Candidate.Next; unit is { Quotable: true } && span.Count < Reach; unit = unit.Next)
        {
            words += Words(unit);
            if (words > MaxHeadWords)
            {
                break;
            }

            span.Add(unit);
            if (!needs || Holds(wanted, unit, rows.GetValueOrDefault(unit)))
            {
                return OneSlice(best.Candidate, span);
            }
        }

        return leadIn && span.Count > 0 ? OneSlice(best.Candidate, span[..1]) : [];
    }

    /// <summary>
    /// <paramref name="span"/> when the best unit and it are quoted as one exact slice of the chunk (prose then prose or
    /// code, rows of one table: <see cref="ExtractiveAnswerComposer.MergeAdjacent"/>); else nothing. Quoted apart, the
    /// answering unit would have to be cited first or second: first, a wrong guess hides the unit the model ranked best
    /// (measured: a why-question's right answer replaced by a later "so that…" after a code block); second, the member
    /// still reads the subject first.
    /// </summary>
    private static IReadOnlyList<SentenceCandidate> OneSlice(SentenceCandidate best, List<SentenceCandidate> span) =>
        ExtractiveAnswerComposer.MergeAdjacent([best, .. span]).Take(2).Count() == 1 ? span : [];

    /// <summary>Whether <paramref name="unit"/> holds <paramref name="wanted"/>; <paramref name="row"/> is its feature row when it was ranked.</summary>
    internal static bool Holds(WantedUnit wanted, SentenceCandidate unit, float[]? row)
    {
        var text = unit.Text;
        var code = unit.Kind == Documents.BlockKind.Code || unit.CodeStart > 0;
        return wanted switch
        {
            // A command, or an instruction naming a command or option (advice alone, "you will need to…", is not how).
            WantedUnit.Command => code || (TroubleshootingCues.Instructs(text) && DocumentationShapes.IsCommandLike(text, unit.Kind)),
            WantedUnit.Default => (row is not null && DefaultValueIndex >= 0 ? row[DefaultValueIndex] > 0 : UnitShapeFeatures.StatesDefaultValue(text))
                || DefaultWithValue().IsMatch(text),
            WantedUnit.Reason => Causal(text),
            WantedUnit.Fix => code || TroubleshootingCues.Instructs(text) || Causal(text),
            _ => true,
        };
    }

    /// <summary>A lead-in: prose ending with a colon that introduces what follows (a list, a table, code not joined to it).</summary>
    internal static bool IsLeadIn(SentenceCandidate unit) =>
        unit.Kind != Documents.BlockKind.Code && unit.CodeStart == 0 && unit.Text.TrimEnd().EndsWith(':');

    /// <summary>Whether the unit gives a cause in so many words ("This is because…", "…so that…"); the broader <c>ev_reason</c> also counts "after" or "following".</summary>
    private static bool Causal(string text) => DocumentationShapes.OpensWithCause(text) || Cause().IsMatch(text);

    private static int Words(SentenceCandidate unit) => TextWords.Split(unit.Text).Count;

    private static int IndexOf(string name) => AnswerFeatures.CandidateNames.ToList().IndexOf(name);

    [GeneratedRegex(@"\b(because|due to|caused by|is caused|the reason|so that|in order to|so as not to|to avoid|to prevent|otherwise|as a result|this means)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cause();

    [GeneratedRegex(@"\bdefault(s|ed)?\b.{0,60}?(\d|""|'|\btrue\b|\bfalse\b|\bnone\b|\bnull\b|\bon\b|\boff\b|\benabled\b|\bdisabled\b)|(\d|""|\btrue\b|\bfalse\b).{0,30}?\bby default\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefaultWithValue();
}
