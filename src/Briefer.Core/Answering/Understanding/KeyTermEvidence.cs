namespace Briefer.Core.Answering;

/// <summary>
/// What the retrieved evidence mentions, for the key-term gate: every unit's terms with its context (a heading's words
/// count as mentioned by the units under it, a table header by its rows), the titles, and the version numbers written
/// anywhere; and whether a key constraint of the question is met by it (an identifier by its term or its parts in one
/// unit, a version by the same version, a pasted phrase as a run of terms).
/// </summary>
public sealed class KeyTermEvidence
{
    private readonly IReadOnlyList<SentenceCandidate> _units;
    private readonly HashSet<string> _terms = new(StringComparer.Ordinal);
    private readonly List<VersionNumber> _versions = [];
    private readonly List<IReadOnlyList<string>> _around = [];
    private readonly List<string> _aroundText = [];
    private HashSet<string>? _tokens;
    private List<HashSet<string>>? _lines;
    private HashSet<string>? _words;
    private HashSet<string>? _parts;

    public KeyTermEvidence(IReadOnlyList<SentenceCandidate> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        _units = units;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            _terms.UnionWith(unit.TermSet);
            _terms.UnionWith(unit.ContextTerms);
            _terms.UnionWith(unit.Unit.IdentifierParts);
            _versions.AddRange(unit.Unit.Versions.Select(v => v.Version));
            foreach (var around in new[] { unit.Chunk.Title, unit.HeadingPath })
            {
                if (around.Length > 0 && seen.Add(around))
                {
                    var terms = AnswerTerms.Analyze(around);
                    _terms.UnionWith(terms);
                    _terms.UnionWith(AnswerTerms.IdentifierParts(around));
                    _around.Add(terms);
                    _aroundText.Add(around);
                    _versions.AddRange(TechnicalTerms.Versions(around).Select(v => v.Version));
                }
            }
        }
    }

    /// <summary>Every term the evidence mentions, context and the parts of identifiers included.</summary>
    public IReadOnlySet<string> Terms => _terms;

    /// <summary>Whether the evidence meets <paramref name="constraint"/>.</summary>
    public bool Meets(KeyConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        return constraint.Form switch
        {
            ConstraintForm.Version when constraint.Version is { } version => _versions.Any(version.Meets),
            ConstraintForm.Identifier => MeetsIdentifier(constraint.Text),
            ConstraintForm.Phrase => _units.Any(u => HoldsPhrase(u, constraint.Terms)) || Lines.Any(a => HoldsPhrase(a, constraint.Terms)),
            _ => constraint.Terms.All(_terms.Contains),
        };
    }

    /// <summary>
    /// Whether the evidence mentions <paramref name="word"/>, an uncommon word of the question (see
    /// <see cref="QuestionAnalysis.UncommonWords"/>), anywhere in the retrieved chunks' text: as a term (any inflection),
    /// as a part of an identifier (<c>zstd</c> in <c>compression.zstdLevel</c>), as the abbreviation of a word written
    /// there (<c>config</c> for "configuration", <c>repo</c> for "repository"), or misspelt by one letter
    /// (<c>replicaton</c>: one letter added, dropped, changed or two swapped, in words of five letters or more).
    /// </summary>
    public bool MentionsWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var lower = word.ToLowerInvariant();
        var terms = AnswerTerms.Analyze(lower);
        if (terms.Count > 0 && terms.All(t => _terms.Contains(t) || Lines.Any(l => l.Contains(t)) || ChunkParts.Contains(t)))
        {
            return true;
        }

        return ChunkWords.Any(w => (lower.Length >= 3 && w.Length > lower.Length && w.StartsWith(lower, StringComparison.Ordinal))
            || (lower.Length >= 5 && w.Length >= 4 && EditDistance.AtMostOne(lower, w))
            || Abbreviates(lower, w));
    }

    /// <summary>
    /// Whether a short word (three or four letters, "s" for a plural aside) abbreviates <paramref name="word"/> by
    /// dropping letters: the same first letter, its letters in order, in a word at least two letters longer ("cmd" →
    /// "command", "msgs" → "messages", "btn" → "button", "pkg" → "package", "cfg" → "config").
    /// </summary>
    internal static bool Abbreviates(string shortWord, string word)
    {
        var letters = shortWord.Length == 4 && shortWord[^1] == 's' ? shortWord[..^1] : shortWord;
        if (letters.Length is < 3 or > 4 || word.Length < letters.Length + 2 || word[0] != letters[0] || !letters.All(char.IsAsciiLetterLower))
        {
            return false;
        }

        var at = 1;
        foreach (var c in word.AsSpan(1))
        {
            if (at < letters.Length && c == letters[at])
            {
                at++;
            }
        }

        return at == letters.Length;
    }

    /// <summary>The lower-case words of the retrieved chunks' text, titles and headings, computed on first use.</summary>
    private HashSet<string> ChunkWords => _words ??= [.. ChunkTexts.SelectMany(t => TextWords.Split(t)).Select(w => w.Text.ToLowerInvariant())];

    /// <summary>The parts of every identifier the retrieved chunks write, computed on first use.</summary>
    private HashSet<string> ChunkParts => _parts ??= [.. ChunkTexts.SelectMany(AnswerTerms.IdentifierParts)];

    private IEnumerable<string> ChunkTexts => _units.Select(u => u.Chunk.Text).Distinct(StringComparer.Ordinal).Concat(_aroundText);

    /// <summary>
    /// An identifier is met as written (its token, dashes before it and a plural "s" aside, "-" and "_" alike: <c>--host</c>
    /// meets <c>host</c>, <c>max-connections</c> meets <c>max_connections</c>), or by its parts written together in one
    /// unit ("max connections"), or, for an option path, by its last part in a unit under its other parts. Every part
    /// somewhere in the evidence is not enough: <c>tls-auto-reload-cron</c> is not met by <c>tls-auto-reload-interval</c>
    /// and a "cron" elsewhere. A command run ("ACL CLONEUSER") must be written together.
    /// </summary>
    private bool MeetsIdentifier(string identifier)
    {
        if (identifier.Contains(' ', StringComparison.Ordinal))
        {
            var run = AnswerTerms.Analyze(identifier);
            return run.Count == 0 || _units.Any(u => Contiguous(u.Terms, run)) || _around.Any(a => Contiguous(a, run));
        }

        var token = Fold(identifier);
        if (token.Length == 0 || Tokens.Contains(token) || Tokens.Contains(token + "s") || (token.EndsWith('s') && Tokens.Contains(token[..^1])))
        {
            return true;
        }

        var parts = AnswerTerms.Analyze(identifier.TrimStart('-').Replace('_', ' ').Replace('-', ' ').Replace('/', ' ').Replace('=', ' '));
        if (parts.Count >= 2 && (_units.Any(u => Contiguous(u.Terms, parts)) || _around.Any(a => Contiguous(a, parts))))
        {
            return true;
        }

        return identifier.Contains('.', StringComparison.Ordinal) && _units.Any(u => HasParts(u, identifier));
    }

    /// <summary>
    /// The terms of every line of the retrieved chunks, their titles and heading paths: a heading or a line of a code
    /// block is not always a unit of its own, and an error message is often its troubleshooting entry's heading.
    /// </summary>
    private List<HashSet<string>> Lines => _lines ??= [.. _units.Select(u => u.Chunk.Text).Distinct(StringComparer.Ordinal)
        .SelectMany(t => t.Split('\n')).Concat(_aroundText).Select(l => AnswerTerms.Analyze(l).ToHashSet(StringComparer.Ordinal)).Where(l => l.Count > 0)];

    /// <summary>The evidence's tokens as identifiers are compared (see <see cref="Fold"/>), computed on first use.</summary>
    private HashSet<string> Tokens => _tokens ??= BuildTokens();

    private HashSet<string> BuildTokens()
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in _units.Select(u => u.Text).Concat(_aroundText))
        {
            foreach (var t in DocumentationShapes.Tokens(text))
            {
                var folded = Fold(t);
                tokens.Add(folded);

                // A member path meets its member: "user.displayAvatarURL" is written for "displayAvatarURL".
                for (var dot = folded.IndexOf('.', StringComparison.Ordinal); dot > 0 && dot < folded.Length - 1; dot = folded.IndexOf('.', dot + 1))
                {
                    tokens.Add(folded[(dot + 1)..]);
                }
            }
        }

        return tokens;
    }

    /// <summary>A token as identifiers are compared: lower case, no leading dashes or trailing dots, "-" written "_".</summary>
    private static string Fold(string token) => token.Trim().TrimStart('-').TrimEnd('.', ',', ':', ';', '?', '!', ')').ToLowerInvariant().Replace('-', '_');

    private static bool Contiguous(IReadOnlyList<string> terms, IReadOnlyList<string> run)
    {
        for (var i = 0; i + run.Count <= terms.Count; i++)
        {
            var k = 0;
            while (k < run.Count && terms[i + k] == run[k])
            {
                k++;
            }

            if (k == run.Count)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "max_connections" written "max connections", "server.port" as a key "port" under a heading "server": every part
    /// of the identifier in one unit or its context, the last part in the unit itself.
    /// </summary>
    private static bool HasParts(SentenceCandidate unit, string identifier)
    {
        var parts = identifier.TrimStart('-').Split(['_', '.', '-', '/', '='], StringSplitOptions.RemoveEmptyEntries).Select(AnswerTerms.Analyze).Where(t => t.Count > 0).ToList();
        if (parts.Count < 2 || !parts[^1].All(unit.TermSet.Contains))
        {
            return false;
        }

        return parts.All(p => p.All(t => unit.TermSet.Contains(t) || unit.ContextTerms.Contains(t)));
    }

    /// <summary>A pasted phrase is met by a unit holding its terms in order, or nearly all of them (a paste is rarely exact).</summary>
    private static bool HoldsPhrase(SentenceCandidate unit, IReadOnlyList<string> phrase) =>
        phrase.Count == 0 || phrase.Count(t => unit.TermSet.Contains(t) || unit.ContextTerms.Contains(t)) >= Math.Ceiling(phrase.Count * 0.8);

    /// <summary>The same for a heading or title (an error message is often the heading of its troubleshooting entry).</summary>
    private static bool HoldsPhrase(HashSet<string> heading, IReadOnlyList<string> phrase) =>
        phrase.Count == 0 || phrase.Count(heading.Contains) >= Math.Ceiling(phrase.Count * 0.8);
}
