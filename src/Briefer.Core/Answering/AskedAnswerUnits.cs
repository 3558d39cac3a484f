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
        var question = selection.Question.Question;
        if (asked == AskedKind.Default || (asked == AskedKind.None && DefaultCue().IsMatch(question)))
        {
            return WantedUnit.Default;
        }

        if (TroubleshootingCues.Asks(question))
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
    /// The units to quote with the best one so the head quote holds what was asked: up to the first of the next
    /// <see cref="Reach"/> units of its section that holds the wanted kind, the units between included (one exact slice);
    /// after a lead-in ("…run the following:"), at least the unit it introduces. Nothing when the best unit already holds
    /// the kind, when none near does, or when the quote would pass <see cref="MaxHeadWords"/>. See <see cref="HeadAddition"/>
    /// for when the answering unit is cited apart, first.
    /// </summary>
    public static HeadAddition After(AnswerSelection selection, RankedSentence best)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(best);
        var wanted = Wanted(selection);
        var needs = wanted != WantedUnit.None && !HoldsAsBest(wanted, selection, best);
        var leadIn = IsLeadIn(best.Candidate);
        if (!needs && !leadIn)
        {
            return HeadAddition.None;
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
                return Quoted(selection, wanted, best, span);
            }
        }

        if (leadIn && span.Count > 0)
        {
            return Quoted(selection, wanted, best, span[..1]);
        }

        // "This command will place…" after the command itself: the unit it points back to.
        if (needs && AnswerFeatures.OpensWithReference(best.Candidate.Text) && best.Candidate.Previous is { Quotable: true } before
            && Holds(wanted, before, rows.GetValueOrDefault(before)) && Words(before) + Words(best.Candidate) <= MaxHeadWords)
        {
            return ExtractiveAnswerComposer.MergeAdjacent([before, best.Candidate]).Take(2).Count() == 1
                ? new HeadAddition([before], null)
                : LeadsApart(selection, wanted, best, before) ? new HeadAddition([before], before) : HeadAddition.None;
        }

        return HeadAddition.None;
    }

    /// <summary>
    /// The span as one slice with the best unit (prose then prose or code, rows of one table:
    /// <see cref="ExtractiveAnswerComposer.MergeAdjacent"/>); else, when the answering unit directly follows and may lead
    /// apart (<see cref="LeadsApart"/>), that unit alone, cited first; else nothing.
    /// </summary>
    private static HeadAddition Quoted(AnswerSelection selection, WantedUnit wanted, RankedSentence best, List<SentenceCandidate> span)
    {
        if (ExtractiveAnswerComposer.MergeAdjacent([best.Candidate, .. span]).Take(2).Count() == 1)
        {
            return new HeadAddition(span, null);
        }

        return span.Count == 1 && LeadsApart(selection, wanted, best, span[0]) ? new HeadAddition(span, span[0]) : HeadAddition.None;
    }

    /// <summary>
    /// Whether an answering unit that cannot share the best unit's slice (code ends a quote) is cited first: only for a
    /// how-do-i or a problem, when it is the command itself or the best unit is the pasted error again. A wrong guess
    /// there hides the unit the model ranked best, so prose answers for other kinds stay second (measured: a why
    /// question's right answer replaced by a later "so that…" after a code block).
    /// </summary>
    private static bool LeadsApart(AnswerSelection selection, WantedUnit wanted, RankedSentence best, SentenceCandidate answering) =>
        wanted is WantedUnit.Command or WantedUnit.Fix && (IsCode(answering) || RestatesProblem(selection, best.Candidate));

    /// <summary>Whether the best unit holds the wanted kind: for a problem, code that only shows the pasted error again does not.</summary>
    private static bool HoldsAsBest(WantedUnit wanted, AnswerSelection selection, RankedSentence best) =>
        wanted == WantedUnit.Fix && IsCode(best.Candidate) && RestatesProblem(selection, best.Candidate)
            ? TroubleshootingCues.Instructs(best.Candidate.Text) || Causal(best.Candidate.Text)
            : Holds(wanted, best.Candidate, best.Features);

    /// <summary>Whether the unit holds <paramref name="wanted"/>; <paramref name="row"/> is its feature row when it was ranked.</summary>
    internal static bool Holds(WantedUnit wanted, SentenceCandidate unit, float[]? row)
    {
        var text = unit.Text;
        return wanted switch
        {
            // A command, or an instruction naming a command or option (advice alone, "you will need to…", is not how).
            WantedUnit.Command => IsCode(unit) || (TroubleshootingCues.Instructs(text) && DocumentationShapes.IsCommandLike(text, unit.Kind)),
            WantedUnit.Default => (row is not null && DefaultValueIndex >= 0 ? row[DefaultValueIndex] > 0 : UnitShapeFeatures.StatesDefaultValue(text))
                || DefaultWithValue().IsMatch(text) || DefaultStatement().IsMatch(text),
            WantedUnit.Reason => Causal(text),
            WantedUnit.Fix => IsCode(unit) || TroubleshootingCues.Instructs(text) || Causal(text),
            _ => true,
        };
    }

    /// <summary>A lead-in: prose ending with a colon that introduces what follows (a list, a table, code not joined to it).</summary>
    internal static bool IsLeadIn(SentenceCandidate unit) =>
        !IsCode(unit) && unit.Text.TrimEnd().EndsWith(':');

    private static bool IsCode(SentenceCandidate unit) => unit.Kind == Documents.BlockKind.Code || unit.CodeStart > 0;

    /// <summary>Whether the unit writes the error message the question pasted (the symptom, not its fix).</summary>
    private static bool RestatesProblem(AnswerSelection selection, SentenceCandidate unit) =>
        TechnicalTerms.PastedMessages(selection.Question.Question)
            .Any(p => unit.Text.Contains(p.Message, StringComparison.OrdinalIgnoreCase) || unit.Text.Contains(p.Line, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the unit gives a cause in so many words ("This is because…", "…can result in…"); the broader <c>ev_reason</c> also counts "after" or "following".</summary>
    private static bool Causal(string text) => DocumentationShapes.OpensWithCause(text) || Cause().IsMatch(text);

    private static int Words(SentenceCandidate unit) => TextWords.Split(unit.Text).Count;

    private static int IndexOf(string name) => AnswerFeatures.CandidateNames.ToList().IndexOf(name);

    [GeneratedRegex(@"\b(because|due to|caused by|is caused|the reason|so that|in order to|so as not to|to avoid|to prevent|otherwise|as a result|this means|which means|this is why|that's why|results? in|resulted in|leads? to|can cause)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cause();

    [GeneratedRegex(@"\bdefault(s|ed)?\b.{0,60}?(\d|""|'|\btrue\b|\bfalse\b|\bnone\b|\bnull\b|\bon\b|\boff\b|\benabled\b|\bdisabled\b)|(\d|""|\btrue\b|\bfalse\b).{0,30}?\bby default\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefaultWithValue();

    /// <summary>A sentence stating what happens by default, value or not ("By default, Laravel is configured to use the database driver").</summary>
    [GeneratedRegex(@"^\W*by default\b|\bdefaults? (to|is|are)\b|\bis the default\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefaultStatement();

    /// <summary>Asking for the default without the word: "out of the box", "if i do not pass…", "with no arguments".</summary>
    [GeneratedRegex(@"\bout of the box\b|\bif (i|you|we) (do not|don't|never|leave out|omit|skip) (set|give|pass|specify|touch|change|configure|provide|add|it|the|a|any)|\bwith no (arguments?|options?|flags?|config)\b|\bwithout (setting|specifying|passing|giving|any) ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefaultCue();
}

/// <summary>
/// What <see cref="AskedAnswerUnits.After"/> adds to the head quote: <paramref name="Units"/> quoted with the best unit
/// (as one slice when they join it); <paramref name="CiteFirst"/>, when not null, is the answering unit cited apart and
/// first ([1]) because it cannot share the best unit's slice (code ends a quote) and a member must see the answer first.
/// </summary>
internal sealed record HeadAddition(IReadOnlyList<SentenceCandidate> Units, SentenceCandidate? CiteFirst)
{
    public static HeadAddition None { get; } = new([], null);
}
