using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// Understands a question without a model: the kind of answer it wants (from its wh-word and the noun it asks about)
/// and its key constraints (names, numbers, negation, comparisons, rarer content words).
/// </summary>
/// <remarks>
/// The rules are English question grammar, not the wording of any test set: a wh-word (what, which, who, when, where,
/// why, how) anywhere in the question, optionally followed by the noun it asks about ("what state", "which minister",
/// "how many"); nouns map to answer types through small word lists of times, places, people and amounts.
/// </remarks>
public static partial class QuestionAnalyzer
{
    /// <summary>Words that shape a question but carry no topic; they are never evidence.</summary>
    public static readonly FrozenSet<string> QuestionTerms = AnswerTerms.Analyze(
        "what which who whom whose why how when where did does do done doing was were has have had can could would should may might say said tell explain describe happen happened about anything something kind type sort")
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The analysed terms of <see cref="TechnicalTerms.ChatWords"/>: never key terms.</summary>
    private static readonly FrozenSet<string> ChatTerms = TechnicalTerms.ChatWords.SelectMany(AnswerTerms.Analyze).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> WhWords = FrozenSet.Create(StringComparer.Ordinal, "what", "which", "who", "whom", "whose", "when", "where", "why", "how");

    private static readonly FrozenSet<string> FunctionWords = FrozenSet.Create(
        StringComparer.Ordinal,
        "a", "an", "the", "in", "on", "at", "of", "to", "for", "from", "by", "with", "and", "or", "but", "is", "are", "was", "were", "be", "been",
        "did", "does", "do", "has", "have", "had", "can", "could", "would", "should", "will", "may", "might", "must", "if", "as", "after",
        "before", "during", "since", "according", "besides", "other", "than", "that", "this", "these", "those", "its", "it", "his", "her",
        "their", "there", "i", "we", "you", "he", "she", "they", "name", "give", "list", "tell", "describe", "explain", "along", "about",
        "under", "over", "into", "upon", "between", "among", "within", "without", "per", "not", "no", "what", "which", "who", "whom", "whose",
        "when", "where", "why", "how");

    private static readonly FrozenSet<string> NameJoiners = FrozenSet.Create(StringComparer.Ordinal, "of", "the", "de", "la", "le", "du", "von", "van", "der", "del", "da", "di", "y", "and", "&", "for");

    private static readonly FrozenSet<string> NegationWords = FrozenSet.Create(
        StringComparer.Ordinal, "not", "never", "no", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "unable", "failed", "fail", "refused", "lack", "lacked");

    private static readonly FrozenSet<string> ComparisonWords = FrozenSet.Create(
        StringComparer.Ordinal,
        "most", "least", "more", "less", "fewer", "fewest", "best", "worst", "better", "worse", "first", "last", "second", "third", "only",
        "before", "after", "prior", "earlier", "later", "earliest", "latest", "largest", "smallest", "biggest", "highest", "lowest", "oldest",
        "newest", "youngest", "longest", "shortest", "greatest", "closest", "nearest", "farthest", "furthest", "fastest", "slowest", "richest",
        "poorest", "strongest", "weakest", "larger", "smaller", "bigger", "higher", "lower", "older", "newer", "younger", "longer", "shorter",
        "greater", "major", "minor", "main", "primary", "maximum", "minimum", "top", "bottom", "initial", "final", "previous", "next", "former");

    private static readonly FrozenDictionary<string, AnswerType> FocusTypes = BuildFocusTypes();

    /// <summary>Analyses <paramref name="question"/>.</summary>
    /// <remarks>
    /// Words a follow-up borrowed from the conversation, appended in parentheses after its question mark
    /// ("Why did she propose them? (Harbour Street)", see <c>RuleFollowUpRewriter</c>), steer retrieval but are not
    /// part of what is asked: they count towards the question's terms (so a passage about the borrowed subject covers
    /// more of it than one about another), but are neither the kind of answer nor a key constraint (on
    /// <c>eval/conversation-cases.jsonl</c>: 6/10 second answers right this way, 4/10 with them as part of the question;
    /// leaving them out entirely also gives 6/10 there but lets a passage about another subject win).
    /// </remarks>
    public static QuestionAnalysis Analyze(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var withContext = question;
        if (BorrowedContext().Match(question) is { Success: true } borrowed)
        {
            question = borrowed.Groups[1].Value;
        }

        question = TechnicalTerms.Normalise(question);
        withContext = TechnicalTerms.Normalise(withContext);
        var constraints = new List<KeyConstraint>();
        var covered = new HashSet<string>(StringComparer.Ordinal);

        // The member's own names ("my_metric") are not what the documents must mention.
        var placeholders = TextWords.Split(question).Where(w => TechnicalTerms.IsPlaceholder(w.Text) && w.Text.Length > 3 && w.Text.IndexOfAny(['_', '.', '-']) > 0)
            .SelectMany(w => AnswerTerms.Analyze(w.Text)).Where(t => TechnicalTerms.IsPlaceholder(t)).ToHashSet(StringComparer.Ordinal);

        // A pasted error message or log line is one phrase: its words are neither names nor numbers of their own.
        var plain = question;
        foreach (var (line, phrase) in TechnicalTerms.Quoted(question).Select(q => (q, q)).Concat(TechnicalTerms.PastedMessages(question)))
        {
            var terms = AnswerTerms.AnalyzeQuery(phrase).Where(t => !QuestionTerms.Contains(t)).ToList();
            if (terms.Count > 0)
            {
                constraints.Add(new KeyConstraint(phrase, ConstraintKind.Content, terms, ConstraintForm.Phrase));
                covered.UnionWith(terms);
            }

            plain = plain.Replace(line, " ", StringComparison.Ordinal);
        }

        foreach (var command in TechnicalTerms.CommandRuns(plain))
        {
            Add(command, ConstraintKind.Name, form: ConstraintForm.Identifier);
        }

        foreach (var identifier in TechnicalTerms.Identifiers(plain))
        {
            Add(identifier, ConstraintKind.Name, form: ConstraintForm.Identifier);
        }

        foreach (var (text, version) in TechnicalTerms.Versions(plain))
        {
            var terms = AnswerTerms.AnalyzeQuery(text).Where(t => !QuestionTerms.Contains(t)).ToList();
            constraints.Add(new KeyConstraint(text, ConstraintKind.Number, terms, ConstraintForm.Version, version));
            covered.UnionWith(terms);
        }

        var words = TextWords.Split(plain).Select(w => w.Text).ToArray();
        var lower = words.Select(w => w.ToLowerInvariant()).ToArray();
        var (type, focus) = Classify(TextWords.Split(question).Select(w => w.Text.ToLowerInvariant()).ToArray());
        var form = FormOf(question.ToLowerInvariant());
        if (form == AnswerForm.Version && type is AnswerType.Description or AnswerType.Entity)
        {
            // A version is a number to the answer-type evidence ("2.20.0").
            (type, focus) = (AnswerType.Quantity, "version");
        }

        var breaks = TextWords.Split(plain).Select(w => AfterBreak(plain, w.Start)).ToArray();
        foreach (var name in Names(words, lower, breaks))
        {
            Add(name, ConstraintKind.Name);
        }

        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].Any(char.IsDigit))
            {
                Add(words[i], ConstraintKind.Number);
            }
        }

        var negation = Enumerable.Range(0, lower.Length).FirstOrDefault(i => IsNegation(lower[i]) && !InCondition(lower, i), -1);
        if (negation >= 0)
        {
            constraints.Add(new KeyConstraint(words[negation], ConstraintKind.Negation, []));
        }

        foreach (var word in lower.Where(ComparisonWords.Contains).Distinct(StringComparer.Ordinal))
        {
            Add(word, ConstraintKind.Comparison, allowEmpty: true);
        }

        var own = AnswerTerms.AnalyzeQuery(question).Where(t => !QuestionTerms.Contains(t) && !ChatTerms.Contains(t) && !placeholders.Contains(t)).ToList();
        var content = AnswerTerms.AnalyzeQuery(withContext).Where(t => !QuestionTerms.Contains(t) && !ChatTerms.Contains(t) && !placeholders.Contains(t)).ToList();
        foreach (var term in own.Where(t => !covered.Contains(t) && t != focus))
        {
            constraints.Add(new KeyConstraint(term, ConstraintKind.Content, [term]));
            covered.Add(term);
        }

        // Uncommon words no other constraint covers, whatever their case (a capitalised one is usually a name already).
        // One directly followed by a content word modifies it ("my synology nas", "tiny json responses", "winscp
        // connects"): it describes the member's situation, and the phrase's last word is what is asked about.
        var uncommon = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            if (IsUncommonWord(words[i], placeholders) && !Modifies(plain, TextWords.Split(plain), i) && AnswerTerms.Analyze(lower[i]) is [var term]
                && !constraints.Any(c => c.Kind != ConstraintKind.Content && c.Terms.Contains(term)) && !uncommon.Contains(lower[i]))
            {
                uncommon.Add(lower[i]);
            }
        }

        return new QuestionAnalysis(question, type, focus, content, constraints) { Form = form, UncommonWords = uncommon };

        void Add(string text, ConstraintKind kind, bool allowEmpty = false, ConstraintForm form = ConstraintForm.Words)
        {
            var terms = AnswerTerms.AnalyzeQuery(text).Where(t => !QuestionTerms.Contains(t) && !covered.Contains(t) && !placeholders.Contains(t) && (form != ConstraintForm.Words || !ChatTerms.Contains(t))).ToList();
            if (terms.Count == 0 && !allowEmpty)
            {
                return;
            }

            // "my_hist_bucket{le="1"}" as a number is its "1".
            if (kind == ConstraintKind.Number && placeholders.Count > 0 && TextWords.Split(text.Replace('{', ' ').Replace('"', ' ').Replace('=', ' ')).Where(w => w.Text.Any(char.IsDigit)).Select(w => w.Text).FirstOrDefault() is { } digits)
            {
                text = digits;
            }

            constraints.Add(new KeyConstraint(text, kind, terms, form));
            covered.UnionWith(terms);
        }
    }

    /// <summary>
    /// A plain word (letters, then perhaps digits: "macos", "arm64") of three letters or more that is neither a question,
    /// chat or function word nor a common English word (<see cref="CommonWords"/>), nor the member's placeholder.
    /// </summary>
    private static bool IsUncommonWord(string word, IReadOnlySet<string> placeholders)
    {
        var lower = word.ToLowerInvariant();
        if (lower.Length < 3 || !PlainWord().IsMatch(lower) || FunctionWords.Contains(lower) || WhWords.Contains(lower)
            || TechnicalTerms.ChatWords.Contains(lower) || TechnicalTerms.IsLogLevel(lower) || CommonWords.IsCommon(lower))
        {
            return false;
        }

        return AnswerTerms.Analyze(lower) is [var term] && !QuestionTerms.Contains(term) && !ChatTerms.Contains(term) && !placeholders.Contains(term);
    }

    /// <summary>Whether word <paramref name="at"/> is directly followed, in the same clause, by a content word it modifies.</summary>
    private static bool Modifies(string text, IReadOnlyList<TextWord> words, int at)
    {
        if (at + 1 >= words.Count)
        {
            return false;
        }

        var end = words[at].Start + words[at].Text.Length;
        var between = text.AsSpan(end, words[at + 1].Start - end);
        if (between.ContainsAny(ClauseBreaks))
        {
            return false;
        }

        var next = words[at + 1].Text.ToLowerInvariant();
        return next.Any(char.IsLetter) && !FunctionWords.Contains(next) && !TechnicalTerms.ChatWords.Contains(next) && !IsNegation(next) && !Adverbs.Contains(next)
            && AnswerTerms.Analyze(next) is [var term] && !QuestionTerms.Contains(term);
    }

    /// <summary>Adverbs that end a phrase rather than continue it ("on macos yet", "with zstd too").</summary>
    private static readonly FrozenSet<string> Adverbs = FrozenSet.Create(
        StringComparer.Ordinal, "yet", "too", "already", "again", "here", "there", "today", "instead", "though", "either", "anyway", "natively", "officially", "properly");

    private static readonly System.Buffers.SearchValues<char> ClauseBreaks = System.Buffers.SearchValues.Create(",;:.?!()<>\"'`");

    /// <summary>
    /// A negation inside a condition ("if I never set it", "unless it is not…", "when it doesn't…") describes the
    /// situation asked about, not the answer: the evidence need not be negated.
    /// </summary>
    private static bool InCondition(string[] lower, int at)
    {
        for (var k = at - 1; k >= Math.Max(0, at - 5); k--)
        {
            if (lower[k] is "if" or "unless" or "when" or "whenever" or "once" or "without")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"how do I…" wants a command or option; "…default…" a default value; "which version…" a version.</summary>
    private static AnswerForm FormOf(string lower)
    {
        if (VersionAsked().IsMatch(lower))
        {
            return AnswerForm.Version;
        }

        if (DefaultAsked().IsMatch(lower))
        {
            return AnswerForm.DefaultValue;
        }

        return CommandAsked().IsMatch(lower) ? AnswerForm.Command : AnswerForm.Any;
    }

    /// <summary>Whether a lower-case word negates ("not", "never", "didn't").</summary>
    public static bool IsNegation(string lowerWord) =>
        NegationWords.Contains(lowerWord) || lowerWord.EndsWith("n't", StringComparison.Ordinal) || lowerWord.EndsWith("n’t", StringComparison.Ordinal);

    /// <summary>Whether a lower-case word is a superlative or comparison.</summary>
    public static bool IsComparison(string lowerWord) => ComparisonWords.Contains(lowerWord);

    private static (AnswerType Type, string? Focus) Classify(string[] w)
    {
        for (var i = 0; i < w.Length; i++)
        {
            var next = i + 1 < w.Length ? w[i + 1] : string.Empty;
            switch (w[i])
            {
                case "why":
                    return (AnswerType.Reason, null);
                case "when":
                    return (AnswerType.Time, null);
                case "where":
                    return (AnswerType.Place, null);
                case "who" or "whom" or "whose":
                    return (AnswerType.Person, null);
                case "how":
                    if (next == "come")
                    {
                        return (AnswerType.Reason, null);
                    }

                    if (next == "long" && i + 2 < w.Length && w[i + 2] == "ago")
                    {
                        return (AnswerType.Time, null);
                    }

                    if (next is "many" or "much" or "long" or "far" or "big" or "large" or "old" or "tall" or "high" or "often" or "fast"
                        or "deep" or "wide" or "heavy" or "hot" or "cold" or "warm" or "frequently" or "few" or "small" or "expensive" or "low")
                    {
                        return (AnswerType.Quantity, next);
                    }

                    return (AnswerType.Description, null);
                case "what" or "which":
                    return ClassifyWhat(w, i);
            }
        }

        return (AnswerType.Description, null);
    }

    private static (AnswerType Type, string? Focus) ClassifyWhat(string[] w, int at)
    {
        // "for what reason", "what caused", "what led to", "what was the reason/cause/purpose/motive".
        var rest = w.Skip(at + 1).Take(6).ToArray();
        if (at > 0 && w[at - 1] == "for" && rest.FirstOrDefault() is "reason" or "purpose")
        {
            return (AnswerType.Reason, rest[0]);
        }

        if (rest.FirstOrDefault() is "caused" or "causes" or "cause" or "prompted" or "motivated" or "drove" or "led" or "leads" or "triggered" or "sparked")
        {
            return (AnswerType.Reason, null);
        }

        // "what is a/an X?": asks what X is, whatever X ("what is a prime number?" is not a quantity).
        if (rest.Length >= 2 && rest[0] is "is" or "was" && rest[1] is "a" or "an" && !rest.Skip(2).Any(x => x is "of" or "for" or "by" or "to" or "did" or "does"))
        {
            return (AnswerType.Definition, null);
        }

        // The noun asked about: the first word after the wh-word (or after "is/was the" / "kind of") found in the
        // focus lists; failing that, the word right after the wh-word when it is not a verb or article.
        var skip = 0;
        while (skip < rest.Length && rest[skip] is "is" or "are" or "was" or "were" or "the" or "a" or "an" or "kind" or "type" or "sort" or "of" or "did" or "does" or "do" or "has" or "have" or "had" or "will" or "would" or "can" or "could")
        {
            skip++;
        }

        for (var j = skip; j < Math.Min(rest.Length, skip + 3); j++)
        {
            if (FocusTypes.TryGetValue(Singular(rest[j]), out var type))
            {
                return (type, Singular(rest[j]));
            }
        }

        var first = rest.FirstOrDefault();
        if (first is null)
        {
            return (AnswerType.Description, null);
        }

        // "what is X?", "what are X?", "what does X mean?": a definition when nothing else is asked.
        var asksMeaning = rest.Contains("mean") || rest.Contains("means") || rest.Contains("meaning") || rest.Contains("defined") || rest.Contains("definition");
        if (asksMeaning || (first is "is" or "are" or "was" or "were" && w.Length - at <= 6 && !w.Skip(at + 2).Any(x => x is "of" or "in" or "for" or "by" or "to" or "on" or "did" or "does")))
        {
            return (AnswerType.Definition, null);
        }

        if (FunctionWords.Contains(first) || first.EndsWith("ed", StringComparison.Ordinal) || first.EndsWith('s') && FunctionWords.Contains(first[..^1]))
        {
            return (AnswerType.Description, null);
        }

        return (AnswerType.Entity, Singular(first));
    }

    private static string Singular(string word) =>
        word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) ? word[..^1]
        : word;

    private static FrozenDictionary<string, AnswerType> BuildFocusTypes()
    {
        var map = new Dictionary<string, AnswerType>(StringComparer.Ordinal);
        Put(AnswerType.Time, "year", "date", "day", "month", "century", "decade", "time", "period", "era", "age", "season", "week", "hour", "weekday", "morning", "night", "dynasty", "reign", "point");
        Put(AnswerType.Place, "city", "country", "state", "place", "region", "area", "town", "village", "continent", "island", "river", "location", "province",
            "county", "nation", "capital", "street", "neighborhood", "neighbourhood", "site", "venue", "port", "territory", "district", "ocean", "sea", "lake",
            "mountain", "valley", "border", "coast", "building", "destination", "colony", "kingdom", "empire", "land", "locale", "campus", "airport");
        Put(AnswerType.Person, "person", "man", "woman", "people", "president", "leader", "minister", "king", "queen", "emperor", "author", "company",
            "organization", "organisation", "group", "party", "team", "agency", "army", "official", "scientist", "general", "writer", "founder", "member",
            "ruler", "pope", "prince", "princess", "chancellor", "governor", "mayor", "senator", "judge", "court", "firm", "bank", "university", "school",
            "institution", "body", "government", "administration", "ministry", "department", "family", "tribe", "player", "artist", "composer", "architect",
            "inventor", "philosopher", "poet", "physicist", "chemist", "economist", "politician", "spokesperson", "spokesman", "spokeswoman", "director",
            "chairman", "ceo", "commander", "officer", "soldier", "student", "professor", "teacher", "doctor", "lawyer", "manufacturer", "owner", "operator",
            "provider", "supplier", "network", "channel", "newspaper", "magazine", "publisher", "union", "alliance", "coalition", "council", "committee",
            "board", "commission", "regulator", "authority");
        Put(AnswerType.Quantity, "percentage", "percent", "proportion", "share", "number", "amount", "size", "population", "cost", "price", "rate",
            "temperature", "distance", "total", "fraction", "sum", "value", "height", "length", "width", "weight", "speed", "count", "majority", "ratio",
            "fine", "budget", "salary", "revenue", "income", "score", "margin", "duration", "fee", "tax", "volume", "capacity");
        return map.ToFrozenDictionary(StringComparer.Ordinal);

        void Put(AnswerType type, params string[] nouns)
        {
            foreach (var noun in nouns)
            {
                map.TryAdd(noun, type);
            }
        }
    }

    [GeneratedRegex(@"\b(which|what|since|from|in)\s+(\w+\s+)?(version|release)s?\b|\bsince when\b", RegexOptions.CultureInvariant)]
    private static partial Regex VersionAsked();

    [GeneratedRegex(@"\bdefaults?\b(?!\s+(?:to\s+)?(?:on|off|enabled|disabled)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex DefaultAsked();

    [GeneratedRegex(@"\bhow\s+(do|can|would|should|to|could)\b(\s+(i|you|we|one))?|\b(what|which)\s+(command|flag|option|setting|parameter|subcommand|cli)s?\b|\bis there a (way|command|flag|option|setting)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CommandAsked();

    [GeneratedRegex(@"^\p{L}{3,}\p{N}*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainWord();

    [GeneratedRegex(@"^(.*\?)\s*\([^()]*\)\s*$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex BorrowedContext();
}
