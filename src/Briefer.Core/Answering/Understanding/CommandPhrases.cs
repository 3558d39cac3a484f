using System.Text.RegularExpressions;

namespace Briefer.Core.Answering;

/// <summary>
/// A command and subcommand the question asks about, written in lower case ("pm2 snapshot", "rclone snapshot create"):
/// when the documents use the command with subcommands of their own but never with the one asked, the question is
/// about a subcommand they do not have. Read only where the question's grammar marks a command: "the syntax for X Y",
/// "what does X Y do", "X Y --flag"; a sentence such as "rclone eats 10gb" or "can rclone make…" is not a command.
/// </summary>
public static partial class CommandPhrases
{
    /// <summary>The (command, subcommand) pairs <paramref name="question"/> asks about, lower case.</summary>
    public static IReadOnlyList<(string Command, string Subcommand)> Asked(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var found = new List<(string, string)>();
        foreach (var pattern in new[] { SyntaxFor(), DoesDo(), BeforeFlag() })
        {
            foreach (Match m in pattern.Matches(question))
            {
                var (command, sub) = (m.Groups["h"].Value, m.Groups["s"].Value);
                if (!QuestionAnalyzer.QuestionTerms.Contains(sub) && !TechnicalTerms.ChatWords.Contains(command) && !TechnicalTerms.ChatWords.Contains(sub) && !found.Contains((command, sub)))
                {
                    found.Add((command, sub));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The first asked pair whose command the evidence uses with at least two subcommands of its own (lines that start
    /// with it, after an optional shell prompt) but never with the asked one, written "command subcommand"; null when none.
    /// </summary>
    public static string? Unknown(string question, IEnumerable<string> evidenceTexts)
    {
        ArgumentNullException.ThrowIfNull(evidenceTexts);
        var asked = Asked(question);
        if (asked.Count == 0)
        {
            return null;
        }

        var texts = evidenceTexts.Distinct(StringComparer.Ordinal).ToList();
        foreach (var (command, sub) in asked)
        {
            var subs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var text in texts)
            {
                foreach (Match m in CommandLine().Matches(text))
                {
                    if (m.Groups["h"].Value == command)
                    {
                        subs.Add(m.Groups["s"].Value);
                    }
                }
            }

            var written = new Regex($@"(?<![\w-]){Regex.Escape(command)}\s+{Regex.Escape(sub)}(?![\w-])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
            if (subs.Count >= 2 && !subs.Contains(sub) && !texts.Any(written.IsMatch))
            {
                return $"{command} {sub}";
            }
        }

        return null;
    }

    [GeneratedRegex(@"\bsyntax (?:for|of) (?<h>[a-z][\w.-]*) (?<s>[a-z][\w-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex SyntaxFor();

    [GeneratedRegex(@"\bdoes (?<h>[a-z][\w.-]*) (?<s>[a-z][\w-]*) do\b", RegexOptions.CultureInvariant)]
    private static partial Regex DoesDo();

    [GeneratedRegex(@"(?<![\w-])(?<h>[a-z][\w.-]*) (?<s>[a-z][\w-]{2,})(?: [a-z][\w-]*)? --?[a-z]", RegexOptions.CultureInvariant)]
    private static partial Regex BeforeFlag();

    [GeneratedRegex(@"^[ \t]*(?:\$[ \t]+)?(?<h>[a-z][\w.-]*)[ \t]+(?<s>[a-z][\w-]*)", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex CommandLine();
}
