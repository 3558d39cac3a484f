using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// One answer unit of a chunk as <see cref="ChunkAnalysis"/> keeps it: its spec, text, neighbours and every analysis of
/// its text the features read that does not depend on the question (terms, words, answer-type words, its block and
/// headings, the shapes of a command, a default or a version, its window with its neighbours). Each value is computed
/// the way the feature computed it from the text, so the features stay what they were. Never changed once linked;
/// the few values only some questions need are computed on first use, the same by whichever question comes first.
/// </summary>
internal sealed class UnitAnalysis
{
    private static readonly string NoSingleTerm = new('\0', 1);

    private readonly string?[] _singleTerms;
    private IReadOnlySet<string>? _tokens;
    private IReadOnlySet<string>? _windowTokens;
    private IReadOnlyList<(string Text, VersionNumber Version)>? _versions;

    public UnitAnalysis(RetrievedChunk chunk, UnitSpec spec, int previous)
    {
        Spec = spec;
        Text = chunk.Text[spec.Start..spec.End];
        Previous = previous;
        IdentifierParts = AnswerTerms.IdentifierParts(Text);
        TermSet = new HashSet<string>([.. spec.Terms, .. IdentifierParts], StringComparer.Ordinal);
        Words = TextWords.Split(Text);
        LowerWords = Words.Select(w => w.Text.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        AnswerWords = AnswerTypeDetector.Prepare(Text, Words);
        _singleTerms = new string?[Words.Count];

        Block = DocumentationShapes.BlockAt(chunk.Blocks, chunk.Start + spec.Start);
        Section = Block?.HeadingPath is { Length: > 0 } path ? path : null;
        BlockHeadingTerms = Section is null ? null : AnswerTerms.Analyze(Section).ToHashSet(StringComparer.Ordinal);
        PageHeadingTerms = Section is not null ? BlockHeadingTerms : spec.HeadingPath.Length > 0 ? AnswerTerms.Analyze(spec.HeadingPath).ToHashSet(StringComparer.Ordinal) : null;
        TermsWithContext = new HashSet<string>(TermSet.Concat(spec.ContextTerms), StringComparer.Ordinal);
        StartsLine = spec.Start == 0 || chunk.Text[..spec.Start].TrimEnd(' ', '\t').EndsWith('\n');
        OpensWithReference = AnswerFeatures.OpensWithReference(Text);
        CommandText = DocumentationShapes.IsCommandText(Text);
        DefaultText = DocumentationShapes.IsDefaultText(Text);
        HasVersion = DocumentationShapes.HasVersion(Text);
        OpensWithCause = DocumentationShapes.OpensWithCause(Text);
        StatesDefaultValue = UnitShapeFeatures.StatesDefaultValue(Text);
        DefinitionLead = UnitShapeFeatures.DefinitionLead(Text);
        var pairs = new HashSet<(string, string)>();
        for (var i = 1; i < spec.Terms.Count; i++)
        {
            pairs.Add((spec.Terms[i - 1], spec.Terms[i]));
        }

        TermPairs = pairs;
    }

    public UnitSpec Spec { get; }

    /// <summary>The unit exactly as in the chunk.</summary>
    public string Text { get; }

    /// <summary>The index of the quotable unit before it in the chunk (-1: none).</summary>
    public int Previous { get; }

    /// <summary>The index of the quotable unit after it in the chunk (-1: none).</summary>
    public int Next { get; internal set; } = -1;

    /// <summary>The parts of the identifiers the unit writes (<see cref="AnswerTerms.IdentifierParts"/>).</summary>
    public IReadOnlyList<string> IdentifierParts { get; }

    /// <summary>See <see cref="SentenceCandidate.TermSet"/>.</summary>
    public IReadOnlySet<string> TermSet { get; }

    /// <summary>The unit's words (<see cref="TextWords.Split"/>).</summary>
    public IReadOnlyList<TextWord> Words { get; }

    /// <summary>See <see cref="SentenceCandidate.LowerWords"/>.</summary>
    public IReadOnlySet<string> LowerWords { get; }

    /// <summary>The unit's answer-type words, before the question's own are left out.</summary>
    public AnswerTypeWords AnswerWords { get; }

    /// <summary>The structural block the unit starts in (<see cref="DocumentationContext.BlockOf"/>); null when its chunk has none.</summary>
    public TextBlock? Block { get; }

    /// <summary>The heading path of <see cref="Block"/> (<see cref="DocumentationContext.SectionOf"/>); null when it has none.</summary>
    public string? Section { get; }

    /// <summary>The terms of <see cref="Section"/>; null without one.</summary>
    public IReadOnlySet<string>? BlockHeadingTerms { get; }

    /// <summary>The terms of <see cref="Section"/>, else of the unit's own heading path; null without either.</summary>
    public IReadOnlySet<string>? PageHeadingTerms { get; }

    /// <summary>The unit's terms with its context's (heading path, table header, the key it opens with).</summary>
    public IReadOnlySet<string> TermsWithContext { get; }

    /// <summary>Whether the unit starts a line of its chunk.</summary>
    public bool StartsLine { get; }

    /// <summary>Whether it opens by pointing back (<see cref="AnswerFeatures.OpensWithReference"/>).</summary>
    public bool OpensWithReference { get; }

    /// <summary>Whether its text reads as a command, whatever its block (<see cref="DocumentationShapes.IsCommandText"/>).</summary>
    public bool CommandText { get; }

    /// <summary>Whether its text states a default or a setting, whatever its block (<see cref="DocumentationShapes.IsDefaultText"/>).</summary>
    public bool DefaultText { get; }

    public bool HasVersion { get; }

    public bool OpensWithCause { get; }

    /// <summary>See <see cref="UnitShapeFeatures.StatesDefaultValue"/>.</summary>
    public bool StatesDefaultValue { get; }

    /// <summary>The terms of the lead a definition opens with (<see cref="UnitShapeFeatures.DefinitionLead"/>); null when it opens with none.</summary>
    public IReadOnlyList<string>? DefinitionLead { get; }

    /// <summary>The unit's consecutive term pairs.</summary>
    public IReadOnlySet<(string, string)> TermPairs { get; }

    /// <summary>The terms of the unit and its neighbours (<see cref="CandidateContext.Window"/>).</summary>
    public IReadOnlySet<string> Window { get; private set; } = null!;

    /// <summary>The lower-cased words of the unit and its neighbours.</summary>
    public IReadOnlySet<string> WindowWords { get; private set; } = null!;

    /// <summary>The text of the unit's heading path, its neighbours and itself (<see cref="CandidateContext.WindowText"/>).</summary>
    public string WindowText { get; private set; } = null!;

    /// <summary>The versions written in <see cref="WindowText"/>.</summary>
    public IReadOnlyList<string> WindowVersions { get; private set; } = null!;

    /// <summary>The identifier tokens of the unit's text (<see cref="DocumentationShapes.Tokens"/>).</summary>
    public IReadOnlySet<string> Tokens => _tokens ?? Interlocked.CompareExchange(ref _tokens, DocumentationShapes.Tokens(Text), null) ?? _tokens;

    /// <summary>The identifier tokens of <see cref="WindowText"/>.</summary>
    public IReadOnlySet<string> WindowTokens => _windowTokens ?? Interlocked.CompareExchange(ref _windowTokens, DocumentationShapes.Tokens(WindowText), null) ?? _windowTokens;

    /// <summary>The versions the unit writes, as <see cref="TechnicalTerms.Versions"/> finds them.</summary>
    public IReadOnlyList<(string Text, VersionNumber Version)> Versions => _versions ?? Interlocked.CompareExchange(ref _versions, TechnicalTerms.Versions(Text), null) ?? _versions;

    /// <summary>The one analysed term of word <paramref name="index"/> (lower-cased), or null when it analyses to none or several.</summary>
    public string? SingleTermAt(int index)
    {
        var term = Volatile.Read(ref _singleTerms[index]);
        if (term is null)
        {
            term = AnswerTerms.Analyze(Words[index].Text.ToLowerInvariant()) is [var only] ? only : NoSingleTerm;
            Volatile.Write(ref _singleTerms[index], term);
        }

        return ReferenceEquals(term, NoSingleTerm) ? null : term;
    }

    /// <summary>Computes the values that need the unit's neighbours, once every unit of the chunk is made.</summary>
    internal void Link(IReadOnlyList<UnitAnalysis> units)
    {
        var previous = Previous >= 0 ? units[Previous] : null;
        var next = Next >= 0 ? units[Next] : null;
        Window = Union(previous, next, u => u.TermSet);
        WindowWords = Union(previous, next, u => u.LowerWords);
        WindowText = string.Join('\n', new[] { Block?.HeadingPath, previous?.Text, Text, next?.Text }.OfType<string>());
        WindowVersions = DocumentationShapes.Versions(WindowText);
    }

    private HashSet<string> Union(UnitAnalysis? previous, UnitAnalysis? next, Func<UnitAnalysis, IEnumerable<string>> of)
    {
        var set = new HashSet<string>(of(this), StringComparer.Ordinal);
        if (previous is not null)
        {
            set.UnionWith(of(previous));
        }

        if (next is not null)
        {
            set.UnionWith(of(next));
        }

        return set;
    }
}
