using System.Text.RegularExpressions;

namespace Briefer.Core.Answering;

/// <summary>
/// What a troubleshooting question and its answer look like, read from the wording alone: a question that pastes an
/// error or says something fails ("npm ERR! … what do", "bot dies when i disconnect", "X not working") wants the fix;
/// a unit gives one when it instructs ("Run…", "Make sure…", "You can use…", "To fix this, set…") or explains the cause
/// ("This is because…"). The composer uses these to quote the fix after a unit that only restates the symptom; they
/// are not model features. The question is read as <see cref="QuestionAnalyzer"/> left it (contractions written out:
/// "wont start" is "will not start").
/// </summary>
internal static partial class TroubleshootingCues
{
    /// <summary>Verbs a step of instructions opens with ("Clean npm cache…", "Restart the service").</summary>
    private static readonly HashSet<string> StepVerbs = new(
        [
            "run", "use", "set", "add", "make", "ensure", "check", "try", "install", "reinstall", "update", "upgrade", "downgrade", "restart",
            "enable", "disable", "remove", "delete", "clean", "clear", "change", "increase", "decrease", "raise", "lower", "pass", "call",
            "specify", "configure", "create", "copy", "move", "rename", "reset", "open", "edit", "replace", "switch", "wait", "turn", "start",
            "stop", "kill", "verify", "regenerate", "invite", "grant", "give", "type", "execute", "launch", "go", "navigate", "select", "click",
            "put", "place", "define", "declare", "import", "export", "register", "include", "save", "load", "apply", "unset", "avoid", "do",
            "don't", "never", "always", "consider", "follow", "publish", "deploy", "fix", "mount", "point", "provide", "write", "read", "log",
        ],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="question"/> reports a problem: a pasted error line, or words saying something fails.</summary>
    public static bool Asks(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return TechnicalTerms.PastedMessages(question).Count > 0 || Problem().IsMatch(question);
    }

    /// <summary>
    /// Whether <paramref name="text"/> tells the reader what to do: opens with a step's verb, or advises ("you can…",
    /// "make sure…", "to fix this…", "instead…"). A gerund ("Cleaning the cache … can usually fix it") describes the
    /// fix in general and is not a step: the step that follows it is.
    /// </summary>
    public static bool Instructs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = TextWords.Split(text);
        if (words.Count > 0 && StepVerbs.Contains(words[0].Text))
        {
            return true;
        }

        return Advice().IsMatch(text);
    }

    [GeneratedRegex(@"(\berr!|\berror\b|\berroring\b|\berrors? out\b|exception\b|\bfails?\b|\bfailing\b|\bcrash(es|ed|ing)?\b|not working|\b((does|do|did|will|would|can|is|are|was)\s*(not|n't)|cannot|never)\s+(\w+\s+)?(work|start|run|load|connect|respond|show|save|stay|get|find|see|send|receive|pick|fire|trigger|update|build|compile|install|open)|\bbroken\b|\bthrows?\b|\bstuck\b|\bdies\b|\bhangs?\b|what (do|should) (i|we) do|\bwhat do\b|is (that|this|it) (expected|normal|a bug)|\bhow (do|can) (i|we) (fix|solve|resolve|get rid of)|\brefused\b|\bdenied\b|timed? ?out\b|returns? (null|undefined|nothing|empty))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Problem();

    [GeneratedRegex(@"\b(you (can|could|should|must|need to|have to|may want to|will need to|'ll need to|might want to)|make sure|ensure that|be sure to|to (fix|solve|resolve|avoid|prevent|work around) (this|that|it|the)|the (fix|solution|workaround|best thing to do) (is|was)|instead[,.]|try (to |running |using |setting |adding )|by (running|using|setting|adding|passing|typing|enabling|disabling|increasing|calling))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Advice();
}
