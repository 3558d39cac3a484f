using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Briefer.Core.Answering;

/// <summary>
/// How much a sentence offers of each kind of answer, counting only what the question does not already say:
/// a date or year for "when", a number for "how many", a new name for "who", a place after "in/at/from" for "where",
/// causal language for "why", a copula or "means" for a definition.
/// </summary>
/// <param name="Slots">Where the evidence is: the kind and the index of the word (in <see cref="TextWords.Split"/>) that gives it.</param>
public sealed record AnswerTypeEvidence(int Times, int Quantities, int Names, int Persons, int Places, int Reasons, int Definitions, IReadOnlyList<(AnswerType Type, int Word)> Slots)
{
    /// <summary>The words that give evidence for <paramref name="type"/> (any kind for a description).</summary>
    public IEnumerable<int> WordsFor(AnswerType type) => type switch
    {
        AnswerType.Description => Slots.Select(s => s.Word),
        AnswerType.Entity => Slots.Where(s => s.Type is AnswerType.Entity or AnswerType.Person or AnswerType.Place).Select(s => s.Word),
        _ => Slots.Where(s => s.Type == type).Select(s => s.Word),
    };

    /// <summary>The evidence for the kind of answer <paramref name="type"/>.</summary>
    public int For(AnswerType type) => type switch
    {
        AnswerType.Time => Times,
        AnswerType.Quantity => Quantities,
        AnswerType.Person => Persons,
        AnswerType.Place => Places,
        AnswerType.Reason => Reasons,
        AnswerType.Definition => Definitions,
        AnswerType.Entity => Names,
        _ => Names + Quantities + Times,
    };
}

/// <summary>Finds <see cref="AnswerTypeEvidence"/> in a sentence.</summary>
public static partial class AnswerTypeDetector
{
    private static readonly FrozenSet<string> Months = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

    private static readonly FrozenSet<string> TimeWords = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tomorrow", "tonight",
        "century", "centuries", "decade", "decades", "bc", "bce", "ad", "ce", "morning", "evening", "afternoon", "night", "spring",
        "summer", "autumn", "winter", "weekend", "midnight", "noon", "ago", "recently", "formerly", "later", "earlier", "until", "since");

    private static readonly FrozenSet<string> NumberWords = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions", "trillion", "dozen",
        "dozens", "half", "third", "quarter", "percent", "per", "cent", "double", "twice", "triple", "several", "few", "many");

    private static readonly FrozenSet<string> PlacePrepositions = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "in", "at", "from", "near", "to", "across", "into", "throughout", "outside", "inside", "within", "around", "towards", "toward", "off", "between", "of", "on");

    private static readonly FrozenSet<string> PlaceNouns = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "city", "country", "state", "region", "town", "village", "capital", "province", "county", "island", "river", "coast", "valley", "border",
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "northeast", "northwest", "southeast", "southwest",
        "downtown", "street", "district", "continent", "sea", "ocean", "lake", "mountains", "port", "harbour", "harbor", "territory", "kingdom");

    private static readonly FrozenSet<string> PersonTitles = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "mr", "mrs", "ms", "dr", "prof", "sir", "lord", "lady", "king", "queen", "prince", "princess", "president", "minister", "pope",
        "emperor", "general", "senator", "governor", "mayor", "chancellor", "judge", "bishop", "saint", "st", "professor", "chairman",
        "ceo", "spokesman", "spokeswoman", "spokesperson", "director", "secretary", "leader", "founder", "author", "architect", "khan");

    private static readonly FrozenSet<string> SentenceFunctionWords = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "a", "an", "the", "in", "on", "at", "of", "to", "for", "from", "by", "with", "and", "or", "but", "it", "its", "this", "that", "these",
        "those", "he", "she", "they", "we", "i", "his", "her", "their", "there", "as", "after", "before", "during", "since", "when", "while",
        "although", "though", "however", "in", "if", "following", "according", "despite", "some", "many", "most", "all", "one", "both", "each");

    [GeneratedRegex(@"\b(because|due to|owing to|as a result|result(ed|s)? (in|from)|led to|leads to|lead to|leading to|in response to|in reaction to|on account of|given that|(key|main|major|decisive) factors?|reasons?|motivat(ed|ion)|caus(e|ed|es|ing)|so that|in order to|in exchange for|in return for|thanks to|since|therefore|thus|hence|consequently|prompt(ed|ing)|aimed at|intended to|so as to|following|after|for fear|to (protect|prevent|avoid|ensure|allow|help|reduce|increase|stop|secure|support|meet|keep|make))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CausalPattern();

    [GeneratedRegex(@"\b(is|are|was|were) (a|an|the|one of|any|defined|known|called|considered|described|regarded|used)\b|\brefers? to\b|\bmeans?\b|\bdefined as\b|\bknown as\b|\bcalled\b|\bconsists? of\b|\bdescribes?\b|\bi\.e\.|\btermed\b|\bdenotes?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefinitionPattern();

    [GeneratedRegex(@"^(1\d{3}|20\d{2}|\d{3,4}s|\d{1,2}(st|nd|rd|th)|\d{1,2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeNumberPattern();

    /// <summary>The evidence in <paramref name="sentence"/> for each kind of answer, leaving out words the question has.</summary>
    public static AnswerTypeEvidence Detect(string sentence, IReadOnlySet<string> questionWordsLower)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(questionWordsLower);
        return Prepare(sentence, TextWords.Split(sentence)).For(questionWordsLower);
    }

    /// <summary>What <see cref="Detect"/> finds in <paramref name="sentence"/> before the question's words are left out (<paramref name="words"/>: its <see cref="TextWords.Split"/>).</summary>
    internal static AnswerTypeWords Prepare(string sentence, IReadOnlyList<TextWord> words)
    {
        var prepared = new AnswerTypeWord[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i].Text;
            var lower = word.ToLowerInvariant();
            var previous = i > 0 ? words[i - 1].Text : string.Empty;
            var time = Months.Contains(lower) && (word[0] != 'M' || lower != "may" || i + 1 < words.Count && char.IsDigit(words[i + 1].Text[0])) || TimeWords.Contains(lower) || TimeNumberPattern().IsMatch(word);
            var hasDigit = word.Any(char.IsDigit);
            var quantity = hasDigit || NumberWords.Contains(lower) || word.EndsWith('%') || word[0] is '$' or '€' or '£' or '¥';
            var isName = words[i].IsCapitalised && !hasDigit && (i > 0 ? true : !SentenceFunctionWords.Contains(lower)) && !Months.Contains(lower);
            var placeAfter = PlacePrepositions.Contains(previous) || (i > 0 && words[i - 1].Text == ",");
            var personAfter = PersonTitles.Contains(previous.TrimEnd('.'));
            prepared[i] = new AnswerTypeWord(lower, time, quantity, isName, placeAfter, personAfter, PlaceNouns.Contains(lower));
        }

        var reasons = new List<int>();
        foreach (Match match in CausalPattern().Matches(sentence))
        {
            reasons.Add(WordAt(words, match.Index));
        }

        var definitions = new List<int>();
        foreach (Match match in DefinitionPattern().Matches(sentence))
        {
            definitions.Add(WordAt(words, match.Index));
        }

        return new AnswerTypeWords(prepared, reasons, definitions);
    }

    private static int WordAt(IReadOnlyList<TextWord> words, int offset)
    {
        var index = 0;
        for (var i = 0; i < words.Count && words[i].Start <= offset; i++)
        {
            index = i;
        }

        return index;
    }
}

/// <summary>One word of a sentence as <see cref="AnswerTypeDetector"/> sees it before the question is known.</summary>
internal readonly record struct AnswerTypeWord(string Lower, bool Time, bool Quantity, bool Name, bool PlaceAfter, bool PersonAfter, bool PlaceNoun);

/// <summary>
/// A sentence's answer-type words before the question's own are left out (<see cref="AnswerTypeDetector.Prepare"/>):
/// what depends on the sentence alone, kept with a chunk's analysis so each question only looks its words up.
/// </summary>
internal sealed class AnswerTypeWords(IReadOnlyList<AnswerTypeWord> words, IReadOnlyList<int> reasons, IReadOnlyList<int> definitions)
{
    /// <summary>The sentence's words (<see cref="TextWords.Split"/>) as the detector sees them.</summary>
    public IReadOnlyList<AnswerTypeWord> Words => words;

    /// <summary>The evidence for each kind of answer, leaving out words the question has (the same as <see cref="AnswerTypeDetector.Detect"/>).</summary>
    public AnswerTypeEvidence For(IReadOnlySet<string> questionWordsLower)
    {
        int times = 0, quantities = 0, names = 0, persons = 0, places = 0;
        var slots = new List<(AnswerType, int)>();
        var nameRun = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var inQuestion = questionWordsLower.Contains(word.Lower);
            if (!inQuestion && word.Time)
            {
                times++;
                slots.Add((AnswerType.Time, i));
            }

            if (!inQuestion && word.Quantity)
            {
                quantities++;
                slots.Add((AnswerType.Quantity, i));
            }

            if (word.Name && !inQuestion)
            {
                names++;
                nameRun++;
                slots.Add((AnswerType.Entity, i));
                if (word.PlaceAfter)
                {
                    places++;
                    slots.Add((AnswerType.Place, i));
                }

                if (nameRun == 2 || word.PersonAfter)
                {
                    persons++;
                    slots.Add((AnswerType.Person, i));
                }
            }
            else
            {
                nameRun = 0;
            }

            if (!inQuestion && word.PlaceNoun)
            {
                places++;
                slots.Add((AnswerType.Place, i));
            }
        }

        foreach (var at in reasons)
        {
            slots.Add((AnswerType.Reason, at));
        }

        foreach (var at in definitions)
        {
            slots.Add((AnswerType.Definition, at));
        }

        return new AnswerTypeEvidence(times, quantities, names, persons, places, reasons.Count, definitions.Count, slots);
    }
}
