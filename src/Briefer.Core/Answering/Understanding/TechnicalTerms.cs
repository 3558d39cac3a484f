using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Briefer.Core.Answering;

/// <summary>A version number: its numeric parts ("2.55.0" → 2, 55, 0; "v3" and "3.x" → 3).</summary>
public readonly record struct VersionNumber(IReadOnlyList<int> Parts)
{
    /// <summary>
    /// Whether <paramref name="written"/>, a version the evidence writes, is this asked-for version or a release of it:
    /// it starts with this version's parts, trailing zeros of the asked version ignored ("3" meets "3.0.1" and "v3";
    /// "3.0" meets "v3"; "3.1" meets neither "3.0" nor "v3"; "2.55" meets "v2.55.0").
    /// </summary>
    public bool Meets(VersionNumber written)
    {
        var asked = Trim(Parts);
        if (written.Parts.Count < asked.Count)
        {
            return false;
        }

        for (var i = 0; i < asked.Count; i++)
        {
            if (asked[i] != written.Parts[i])
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => string.Join('.', Parts);

    private static List<int> Trim(IReadOnlyList<int> parts)
    {
        var list = parts.ToList();
        while (list.Count > 1 && list[^1] == 0)
        {
            list.RemoveAt(list.Count - 1);
        }

        return list;
    }
}

/// <summary>
/// The technical side of question understanding: identifiers (flags, option paths, snake_case names, file names,
/// error codes), version numbers, pasted quotes and log lines, and the chat words a casual question carries.
/// </summary>
public static partial class TechnicalTerms
{
    /// <summary>
    /// Pronouns, chat words and filler: never key terms, never named in an abstain reason ("i", "u", "pls", "anyone",
    /// "ok so", "hey", "guys", "thx", "lol").
    /// </summary>
    public static readonly FrozenSet<string> ChatWords = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "i", "im", "i'm", "ive", "i've", "id", "i'd", "ill", "me", "my", "mine", "myself", "u", "ur", "you", "your", "yours", "youre", "we", "our", "ours",
        "pls", "plz", "please", "anyone", "anybody", "someone", "somebody", "ok", "okay", "k", "so", "hey", "hi", "hello", "yo", "guys", "folks",
        "thx", "thanks", "thank", "ty", "lol", "lmao", "haha", "pretty", "just", "really", "actually", "basically", "somehow", "anyway", "btw",
        "idk", "tbh", "imo", "fyi", "help", "halp", "question", "quick", "wondering", "know", "knows", "sure", "um", "uh", "hmm", "ah", "oh",
        "whole", "thing", "things", "stuff", "gonna", "wanna", "gotta", "kinda", "sorta", "now", "still", "also", "even", "ever", "anymore",
        "every", "bunch", "lot", "lots", "yeah", "yes", "nope", "maybe", "possible", "way", "able");

    private static readonly FrozenDictionary<string, string> Contractions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["whats"] = "what is", ["what's"] = "what is", ["what’s"] = "what is", ["wats"] = "what is", ["wat"] = "what",
        ["hows"] = "how is", ["how's"] = "how is", ["wheres"] = "where is", ["where's"] = "where is", ["whens"] = "when is",
        ["when's"] = "when is", ["whos"] = "who is", ["who's"] = "who is", ["whys"] = "why is", ["why's"] = "why is",
        ["wont"] = "will not", ["cant"] = "can not", ["dont"] = "do not", ["doesnt"] = "does not", ["didnt"] = "did not",
        ["isnt"] = "is not", ["arent"] = "are not", ["wasnt"] = "was not", ["shouldnt"] = "should not", ["wouldnt"] = "would not",
        ["couldnt"] = "could not", ["u"] = "you", ["ur"] = "your", ["pls"] = "please", ["plz"] = "please", ["thx"] = "thanks",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> LogLevels = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "err", "error", "errors", "warn", "warning", "fatal", "panic", "info", "debug", "trace", "crit", "critical", "exception");

    /// <summary>Placeholders a member writes for their own things ("my_metric", "foo.bar", "example.com"): never key terms.</summary>
    private static readonly string[] PlaceholderPrefixes = ["my_", "my-", "my.", "your_", "your-", "foo", "bar", "baz", "example", "some_", "xxx"];

    /// <summary>
    /// The question with casual contractions written out ("whats" → "what is", "dont" → "do not", "u" → "you") and
    /// repeated question marks collapsed; offsets are not kept, so the result is for analysis only.
    /// </summary>
    public static string Normalise(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var expanded = CasualWord().Replace(question, m => Contractions.TryGetValue(m.Value, out var full) ? Recase(m.Value, full) : m.Value);
        return RepeatedMarks().Replace(expanded, m => m.Value[..1]);
    }

    /// <summary>
    /// The identifiers of <paramref name="question"/> as written: flags (<c>--port</c>, <c>-h</c>), option paths
    /// (<c>server.port</c>), snake_case and kebab-case names (<c>max_connections</c>, <c>wal-compression</c>), file names
    /// (<c>prometheus.yml</c>), error codes (<c>ENOSPC</c>, <c>E1234</c>); not placeholders for the member's own things
    /// (<c>my_metric</c>), not version numbers.
    /// </summary>
    public static IReadOnlyList<string> Identifiers(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var found = new List<string>();
        foreach (Match m in IdentifierToken().Matches(question))
        {
            var token = m.Value.TrimEnd('.', ',', ':', ';', '?', '!', ')');
            var bare = token.TrimStart('-');
            if (bare.Length < 2 || Version().IsMatch(bare) || IsPlaceholder(bare) || !bare.Any(char.IsLetter))
            {
                continue;
            }

            var flag = token.StartsWith('-') && bare.Length >= 2 && char.IsLetter(bare[0]);
            var joined = bare.IndexOfAny(['_', '.', '-', '/', '=']) > 0 && char.IsLetterOrDigit(bare[^1]) && !IsWordPair(bare);
            var code = bare.Length >= 4 && bare.All(c => char.IsUpper(c) || char.IsDigit(c)) && bare.Any(char.IsUpper) && bare.Count(char.IsUpper) >= 2 && !IsLogLevel(bare);
            var camel = bare.Length >= 6 && CamelCase().IsMatch(bare);
            if (flag || joined || code || camel)
            {
                found.Add(token);
            }
        }

        return found;
    }

    /// <summary>
    /// Whether <paramref name="word"/> is the log level or error prefix of a pasted line ("ERR", "Error", "WARN",
    /// "FATAL", "panic"): it says a message was pasted, not what the message is about, so it is never a key term.
    /// </summary>
    public static bool IsLogLevel(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return LogLevels.Contains(word.TrimEnd('!', ':'));
    }

    /// <summary>
    /// Runs of two or more upper-case words as written ("LATENCY EXPLAIN", "ACL CLONEUSER", "CONFIG SET"): a command
    /// and its subcommand, which the evidence must write together, not merely each word somewhere. Log levels are not
    /// part of a run; runs of two-letter words ("US UK") are acronyms, not commands.
    /// </summary>
    public static IReadOnlyList<string> CommandRuns(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var runs = new List<string>();
        foreach (Match m in UpperRun().Matches(question))
        {
            var words = m.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !IsLogLevel(w)).ToList();
            if (words.Count >= 2 && words.Any(w => w.Length >= 4))
            {
                runs.Add(string.Join(' ', words));
            }
        }

        return runs;
    }

    /// <summary>
    /// The messages of error or warning lines pasted without quotes, after their prefix ("Error [TokenInvalid]: An
    /// invalid token was provided" → "An invalid token was provided"; "FooWarning: Possible leak detected. 11 …" →
    /// "Possible leak detected"): matched as a phrase, their words neither names nor numbers of their own.
    /// </summary>
    public static IReadOnlyList<(string Line, string Message)> PastedMessages(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return [.. PastedLine().Matches(question).Select(m => (m.Value, m.Groups["m"].Value.Trim())).Where(p => p.Item2.Contains(' ', StringComparison.Ordinal))];
    }

    /// <summary>"megabytes/s", "read/write", "and/or": two plain words joined by a slash are words, not a path.</summary>
    private static bool IsWordPair(string token)
    {
        var parts = token.Split('/');
        return parts.Length == 2 && parts.All(p => p.Length > 0 && p.All(char.IsLetter));
    }

    /// <summary>Whether a token names the member's own thing rather than something documented.</summary>
    public static bool IsPlaceholder(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var bare = token.TrimStart('-').ToLowerInvariant();
        return PlaceholderPrefixes.Any(p => bare.StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>
    /// The version numbers a question asks about, with the words that wrote them: <c>v3</c>, <c>3.x</c>, <c>2.55</c>,
    /// <c>1.2.3</c>, and a bare number after "version", "release" or "v" ("version 9"); not dates, sizes or times.
    /// </summary>
    public static IReadOnlyList<(string Text, VersionNumber Version)> Versions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<(string, VersionNumber)>();
        foreach (Match m in VersionInText().Matches(text))
        {
            var digits = m.Groups["v"].Value;
            var parts = digits.Split('.', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "x" && p != "X").Select(p => int.TryParse(p, out var n) ? n : -1).ToList();
            if (parts.Count == 0 || parts.Any(p => p < 0))
            {
                continue;
            }

            found.Add((m.Value.Trim(), new VersionNumber(parts)));
        }

        return found;
    }

    /// <summary>The quoted strings of a question (a pasted error message or log line), without their quotes; at least two words each.</summary>
    public static IReadOnlyList<string> Quoted(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return [.. QuotedSpan().Matches(question).Select(m => m.Groups["q"].Value.Trim()).Where(q => q.Contains(' ', StringComparison.Ordinal))];
    }

    private static string Recase(string original, string full) =>
        original.Length > 0 && char.IsUpper(original[0]) ? char.ToUpperInvariant(full[0]) + full[1..] : full;

    [GeneratedRegex(@"(?<![\w'’\-./])[\p{L}'’]+(?![\w'’\-/=]|\.\w)", RegexOptions.CultureInvariant)]
    private static partial Regex CasualWord();

    [GeneratedRegex(@"([?!])\1+", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatedMarks();

    [GeneratedRegex(@"(?<![\w])-{0,2}[\p{L}\p{N}][\p{L}\p{N}_.\-/=]*", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierToken();

    /// <summary>A log level or a PascalCase "…Error", "…Warning", "…Exception", an optional bracketed code, a colon, then the message up to its full stop.</summary>
    [GeneratedRegex(@"(?<![\w-])(?:ERR|ERROR|Error|error|WARN|Warning|warning|FATAL|Fatal|panic|[A-Z][A-Za-z]+(?:Error|Warning|Exception))!?(?:\s*\[[^\]\n]{1,60}\])?:\s+(?<m>[^.!?\n]{6,200})", RegexOptions.CultureInvariant)]
    private static partial Regex PastedLine();

    /// <summary>camelCase as code writes it: a lower-case start, then an upper-case letter ("autoReconnect", "deferReply").</summary>
    [GeneratedRegex(@"^[a-z]+[A-Z][A-Za-z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CamelCase();

    [GeneratedRegex(@"(?<![\w-])[A-Z][A-Z0-9_]{1,}(?:[ ]+[A-Z][A-Z0-9_]{1,})+(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex UpperRun();

    [GeneratedRegex(@"^v?\d+(\.(\d+|x))+$|^v\d+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Version();

    /// <summary>
    /// "v3", "v2.55.0", "3.x", "2.55", "1.2.3", "version 9", "release 4": dotted numbers not followed by a unit or a
    /// further digit group of a date or address.
    /// </summary>
    [GeneratedRegex(@"(?<![\w.:/-])(?:(?:version|release|v)\s*(?<v>\d+(?:\.(?:\d+|x))*)|(?<v>\d+(?:\.\d+)*\.x)|(?<v>\d{1,3}\.\d{1,3}(?:\.\d{1,4})?))(?![\w:/-]|\.\d|%)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VersionInText();

    [GeneratedRegex(@"(?:""|“|'|‘|`)(?<q>[^""“”'‘’`]{6,200})(?:""|”|'|’|`)", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedSpan();
}
