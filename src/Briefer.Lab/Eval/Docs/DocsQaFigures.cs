namespace Briefer.Cli.Eval.Docs;

/// <summary>
/// The counts of a documentation set (or several): answerable questions are the denominator of <see cref="First"/>,
/// <see cref="Anywhere"/>, <see cref="RightPageFirst"/> and <see cref="WrongAbstentions"/>; unanswerable ones of
/// <see cref="Abstained"/>. Unparseable replies stay in the denominators and count nowhere else.
/// </summary>
internal sealed record DocsQaFigures(int Answerable, int Unanswerable, int First, int Anywhere, int RightPageFirst, int WrongAbstentions, int Abstained, int Unparseable)
{
    public static readonly DocsQaFigures Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    public double FirstRate => Rate(First, Answerable);

    public double AnywhereRate => Rate(Anywhere, Answerable);

    public double RightPageFirstRate => Rate(RightPageFirst, Answerable);

    public double WrongAbstentionRate => Rate(WrongAbstentions, Answerable);

    public double AbstainedRate => Rate(Abstained, Unanswerable);

    public static DocsQaFigures operator +(DocsQaFigures a, DocsQaFigures b) => new(
        a.Answerable + b.Answerable, a.Unanswerable + b.Unanswerable, a.First + b.First, a.Anywhere + b.Anywhere,
        a.RightPageFirst + b.RightPageFirst, a.WrongAbstentions + b.WrongAbstentions, a.Abstained + b.Abstained, a.Unparseable + b.Unparseable);

    /// <summary>The counts of one question.</summary>
    public static DocsQaFigures Of(DocsQaQuestion question, DocsQaOutcome outcome) => question.Abstain
        ? new(0, 1, 0, 0, 0, 0, outcome.AbstainedCorrectly ? 1 : 0, outcome.Parsed ? 0 : 1)
        : new(1, 0, outcome.First ? 1 : 0, outcome.Anywhere ? 1 : 0, outcome.RightPageFirst ? 1 : 0, outcome.Parsed && outcome.Abstained ? 1 : 0, 0, outcome.Parsed ? 0 : 1);

    public static DocsQaFigures Sum(IEnumerable<DocsQaFigures> figures) => figures.Aggregate(Empty, (a, b) => a + b);

    private static double Rate(int count, int of) => of == 0 ? 0 : Math.Round((double)count / of, 4);
}
