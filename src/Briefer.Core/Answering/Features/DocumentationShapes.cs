using System.Text.RegularExpressions;
using Briefer.Core.Documents;

namespace Briefer.Core.Answering;

/// <summary>The kind of unit a technical question asks for, read from its wording.</summary>
public enum AskedKind
{
    /// <summary>No particular kind.</summary>
    None,

    /// <summary>"How do I…", "which flag…": a command, a code block or an option.</summary>
    Command,

    /// <summary>"What's the default…": a default or key–value line.</summary>
    Default,

    /// <summary>"Which version…", "since when…": a version.</summary>
    Version,

    /// <summary>"Why…", "how come…": a cause.</summary>
    Reason,
}

/// <summary>
/// What documentation features read from raw text: the asked-for kind of a question, the shape of a candidate unit
/// (code or command, key–value or default line, version), identifiers (flags, option paths, snake_case and camelCase
/// names) and version numbers, with their near misses. Computed from the text itself so it works on any documentation.
/// </summary>
internal static partial class DocumentationShapes
{
    private static readonly string[] CommandCues =
    [
        "how do i", "how to", "how can i", "how would i", "how do you", "how should i", "how do we", "how can we", "is there a way to",
        "what command", "which command", "what flag", "which flag", "what option", "which option", "what setting", "which setting",
        "what config", "which config", "what parameter", "which parameter",
    ];

    private static readonly string[] VersionCues = ["which version", "what version", "since version", "which release", "what release", "since when", "introduced in", "added in", "which versions", "what versions"];

    private static readonly string[] ReasonCues = ["why", "how come", "what causes", "what caused", "reason"];

    private static readonly string[] CausalOpeners =
    [
        "this is because", "that is because", "this happens because", "because", "the reason", "this is due to", "due to", "this occurs", "this happens",
        "that's because", "this means", "as a result", "otherwise",
    ];

    /// <summary>The kind of unit <paramref name="question"/> asks for.</summary>
    public static AskedKind Asked(string question)
    {
        var q = " " + question.ToLowerInvariant() + " ";
        if (q.Contains("default", StringComparison.Ordinal))
        {
            return AskedKind.Default;
        }

        if (VersionCues.Any(c => q.Contains(c, StringComparison.Ordinal)))
        {
            return AskedKind.Version;
        }

        if (ReasonCues.Any(c => q.Contains(" " + c + " ", StringComparison.Ordinal) || q.Contains(" " + c + "?", StringComparison.Ordinal)))
        {
            return AskedKind.Reason;
        }

        return CommandCues.Any(c => q.Contains(" " + c + " ", StringComparison.Ordinal)) ? AskedKind.Command : AskedKind.None;
    }

    /// <summary>The structural block a unit starting at document offset <paramref name="start"/> lies in; null when the chunk has none.</summary>
    public static TextBlock? BlockAt(IReadOnlyList<TextBlock> blocks, int start)
    {
        TextBlock? best = null;
        foreach (var b in blocks)
        {
            if (b.Start <= start && start < b.End && (best is null || b.Length < best.Length))
            {
                best = b;
            }
        }

        return best;
    }

    /// <summary>Whether the unit looks like a command, code or an option: a code block, a flag, a shell prompt, an option path.</summary>
    public static bool IsCommandLike(string text, BlockKind? kind) => kind is BlockKind.Code || IsCommandText(text);

    /// <summary>Whether the text reads as a command, code or an option whatever its block: a flag, a shell prompt, an option path.</summary>
    internal static bool IsCommandText(string text) =>
        Flag().IsMatch(text) || text.TrimStart().StartsWith("$ ", StringComparison.Ordinal) || Identifiers(text).Count > 0;

    /// <summary>Whether the unit states a default or a key–value setting.</summary>
    public static bool IsDefaultLike(string text, BlockKind? kind) => kind is BlockKind.KeyValue || IsDefaultText(text);

    /// <summary>Whether the text states a default or a key–value setting whatever its block.</summary>
    internal static bool IsDefaultText(string text) => text.Contains("default", StringComparison.OrdinalIgnoreCase) || KeyValue().IsMatch(text);

    /// <summary>Whether the unit states a version.</summary>
    public static bool HasVersion(string text) => Versions(text).Count > 0;

    /// <summary>Whether the unit opens like the cause of what came before ("This is because…").</summary>
    public static bool OpensWithCause(string text)
    {
        var t = text.TrimStart().ToLowerInvariant();
        return CausalOpeners.Any(o => t.StartsWith(o, StringComparison.Ordinal));
    }

    /// <summary>Whether the unit holds the kind of answer asked for; null when no particular kind is asked.</summary>
    public static bool? Matches(AskedKind asked, string text, BlockKind? kind, int reasons) => asked switch
    {
        AskedKind.Command => IsCommandLike(text, kind),
        AskedKind.Default => IsDefaultLike(text, kind),
        AskedKind.Version => HasVersion(text),
        AskedKind.Reason => reasons > 0 || OpensWithCause(text),
        _ => null,
    };

    /// <summary>As <see cref="Matches(AskedKind, string, BlockKind?, int)"/>, from a unit's kept analysis.</summary>
    internal static bool? Matches(AskedKind asked, UnitAnalysis unit, BlockKind? kind, int reasons) => asked switch
    {
        AskedKind.Command => kind is BlockKind.Code || unit.CommandText,
        AskedKind.Default => kind is BlockKind.KeyValue || unit.DefaultText,
        AskedKind.Version => unit.HasVersion,
        AskedKind.Reason => reasons > 0 || unit.OpensWithCause,
        _ => null,
    };

    /// <summary>
    /// The identifiers written in <paramref name="text"/>: flags (<c>--web.listen-address</c>), option paths
    /// (<c>server.port</c>), snake_case and camelCase names, lower-cased, leading dashes removed.
    /// </summary>
    public static IReadOnlyList<string> Identifiers(string text) =>
        [.. Identifier().Matches(text).Select(m => m.Value.TrimStart('-').TrimEnd('.', '-').ToLowerInvariant())
            .Where(v => v.Length >= 3 && !v.All(c => char.IsDigit(c) || c == '.') && !Version().IsMatch(v)).Distinct(StringComparer.Ordinal)];

    /// <summary>The version numbers and years written in <paramref name="text"/> ("3.0", "v2.45.1", "2024"), without a leading "v".</summary>
    public static IReadOnlyList<string> Versions(string text) =>
        [.. Version().Matches(text).Select(m => m.Value.TrimStart('v', 'V')).Distinct(StringComparer.Ordinal)];

    /// <summary>The word-like tokens of <paramref name="text"/> as identifiers are compared: lower case, dashes and dots kept inside.</summary>
    public static HashSet<string> Tokens(string text) =>
        [.. Token().Matches(text).Select(m => m.Value.TrimStart('-').TrimEnd('.', '-').ToLowerInvariant()).Where(t => t.Length > 0)];

    /// <summary>Whether some token is one or two edits from <paramref name="identifier"/> (but not equal): a near-miss name.</summary>
    public static bool HasNearMiss(string identifier, IReadOnlySet<string> tokens) =>
        identifier.Length >= 5 && tokens.Any(t => Math.Abs(t.Length - identifier.Length) <= 2 && t != identifier && EditDistance(identifier, t, 2) <= 2);

    /// <summary>Whether some version in <paramref name="versions"/> differs from <paramref name="wanted"/> only in its last part or by one year.</summary>
    public static bool IsVersionNearMiss(string wanted, IEnumerable<string> versions)
    {
        var w = wanted.Split('.');
        foreach (var v in versions)
        {
            var p = v.Split('.');
            if (v == wanted)
            {
                continue;
            }

            if (w.Length == 1 && p.Length == 1 && int.TryParse(w[0], out var a) && int.TryParse(p[0], out var b) && Math.Abs(a - b) <= 2)
            {
                return true;
            }

            if (w.Length > 1 && p.Length > 1 && w[0] == p[0])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Levenshtein distance, stopping early past <paramref name="limit"/>.</summary>
    public static int EditDistance(string a, string b, int limit)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"(?<![\w-])--?[A-Za-z][\w.-]*")]
    private static partial Regex Flag();

    [GeneratedRegex(@"^\s*[\w .\-/]{1,40}:\s+\S.{0,60}$")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"(?<![\w.-])(?:--?[A-Za-z][\w.-]*|[A-Za-z][\w-]*(?:[._][\w-]+)+|[a-z]+[A-Z][A-Za-z0-9]*)")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?<![\w.])(?:[vV]?\d+(?:\.\d+)+|(?:19|20)\d{2})(?!\w)")]
    private static partial Regex Version();

    [GeneratedRegex(@"[\w][\w.-]*|--?[\w][\w.-]*")]
    private static partial Regex Token();
}
