using System.Collections.Frozen;
using Briefer.Core.Embeddings;

namespace Briefer.Core.Answering;

/// <summary>
/// Common English words: the whole-word entries of the embedding model's WordPiece vocabulary (BERT uncased, ~22,000
/// words a large English corpus uses often enough to get a piece of their own), and their regular inflections and
/// derivations ("reinstall", "beginners"), and two of them written as one ("shutdown", "login"). A word outside it (a product, platform or project name, a rare technical
/// term, a typo) is a word the documents must mention for a question about it to be answerable; a common word may be
/// said in other words and only describes the member's situation ("I opened", "crashed", "annoying").
/// </summary>
public static class CommonWords
{
    private static readonly Lazy<FrozenSet<string>> Words = new(Load);

    private static readonly string[] Suffixes = ["s", "es", "ed", "ing", "er", "ers", "ly", "y", "ness", "able", "ment", "ments"];

    /// <summary>Chat's own common words, which no written corpus has: "wtf", "iirc", "noob", "docs".</summary>
    private static readonly FrozenSet<string> Chat = FrozenSet.Create(
        StringComparer.Ordinal, "wtf", "omg", "smh", "ngl", "iirc", "afaik", "imho", "fwiw", "asap", "bro", "dude", "tho", "noob", "newbie", "docs", "pls", "plz", "thx");

    private static readonly FrozenSet<string> Particles = FrozenSet.Create(StringComparer.Ordinal, "in", "on", "up", "out");

    private static readonly string[] Prefixes = ["re", "un", "pre", "de", "dis", "non", "sub", "over", "under", "co", "multi", "auto", "mis"];

    /// <summary>Whether <paramref name="word"/> (any case) is a common English word or a regular form of one.</summary>
    public static bool IsCommon(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var lower = word.ToLowerInvariant();
        return Chat.Contains(lower) || IsForm(lower)
            || Prefixes.Any(p => lower.Length >= p.Length + 3 && lower.StartsWith(p, StringComparison.Ordinal) && IsForm(lower[p.Length..]))
            || IsCompound(lower);
    }

    /// <summary>
    /// Two common words written as one ("shutdown", "backend", "login", "filesystem"): each part of three letters or more,
    /// or a two-letter particle after the first ("login", "setup").
    /// </summary>
    private static bool IsCompound(string lower)
    {
        for (var split = 3; split <= lower.Length - 2; split++)
        {
            var (first, second) = (lower[..split], lower[split..]);
            if ((second.Length >= 3 || Particles.Contains(second)) && IsForm(first) && IsForm(second))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The word, or the word without a regular suffix (its final "e" restored, a doubled consonant undone; "ies" → "y").</summary>
    private static bool IsForm(string lower)
    {
        var words = Words.Value;
        if (words.Contains(lower))
        {
            return true;
        }

        if (lower.Length > 4 && (lower.EndsWith("ies", StringComparison.Ordinal) || lower.EndsWith("ied", StringComparison.Ordinal)) && words.Contains(lower[..^3] + "y"))
        {
            return true;
        }

        foreach (var suffix in Suffixes)
        {
            if (lower.Length < suffix.Length + 3 || !lower.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var stem = lower[..^suffix.Length];
            if (words.Contains(stem) || words.Contains(stem + "e") || (stem.Length > 3 && stem[^1] == stem[^2] && words.Contains(stem[..^1])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The vocabulary's whole words of two letters or more (no "##" continuations, specials or symbols).</summary>
    private static FrozenSet<string> Load()
    {
        using var reader = new StreamReader(BertUncasedTokenizer.OpenEmbeddedVocabulary());
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var token = line.Trim();
            if (token.Length >= 2 && token.All(char.IsAsciiLetterLower))
            {
                words.Add(token);
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
