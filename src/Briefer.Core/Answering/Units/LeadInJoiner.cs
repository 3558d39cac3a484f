using Briefer.Core.Documents;

namespace Briefer.Core.Answering;

/// <summary>
/// Joins a lead-in to the code it introduces: "To set it permanently, add this to your config file:" and the
/// <c>primaryauth &lt;password&gt;</c> block under it become one unit, quoted together. A lead-in ending in a colon says
/// what the code is for but not what to type; the code alone shares few words with a question asking how to do that
/// task. Together they are the answer a member wants, and the ranker no longer has to choose between them.
/// </summary>
internal static class LeadInJoiner
{
    /// <summary>A code unit longer than this many lines is not joined (its lead-in introduces a whole listing, not a command).</summary>
    public const int MaxCodeLines = 8;

    public static IEnumerable<UnitSpec> Join(IEnumerable<UnitSpec> units, string text)
    {
        UnitSpec? pending = null;
        foreach (var unit in units)
        {
            if (pending is not null)
            {
                if (Joins(pending, unit, text))
                {
                    yield return Joined(pending, unit, text);
                    pending = null;
                    continue;
                }

                yield return pending;
                pending = null;
            }

            if (IsLeadIn(unit, text))
            {
                pending = unit;
                continue;
            }

            yield return unit;
        }

        if (pending is not null)
        {
            yield return pending;
        }
    }

    /// <summary>A quotable sentence or list item ending in a colon.</summary>
    internal static bool IsLeadIn(UnitSpec unit, string text) =>
        unit.Quotable && unit.Kind is BlockKind.Paragraph or BlockKind.ListItem or BlockKind.Admonition
        && text[unit.Start..unit.End].TrimEnd().EndsWith(':');

    private static bool Joins(UnitSpec leadIn, UnitSpec code, string text) =>
        code.Kind == BlockKind.Code && code.Quotable
        && string.Equals(leadIn.HeadingPath, code.HeadingPath, StringComparison.Ordinal)
        && text.AsSpan(code.Start, code.End - code.Start).Count('\n') < MaxCodeLines;

    private static UnitSpec Joined(UnitSpec leadIn, UnitSpec code, string text)
    {
        var both = text[leadIn.Start..code.End];
        var context = new HashSet<string>(code.ContextTerms, StringComparer.Ordinal);
        context.UnionWith(leadIn.ContextTerms);
        return new UnitSpec(leadIn.Start, code.End, BlockKind.Code, true, [.. leadIn.Terms, .. code.Terms],
            code.HeadingPath, code.Context, context, both, code.Start - leadIn.Start);
    }
}
