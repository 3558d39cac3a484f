using System.Text.Json;
using Microsoft.SemanticKernel;

namespace Briefer.Llm;

/// <summary>A prompt could not be found or read; the message names the path.</summary>
public sealed class PromptLoadException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// The answer and brief prompts: Semantic Kernel prompt functions read at run time from
/// <c>prompts/Briefing/{Answer,Brief}/{skprompt.txt,config.json}</c>, so operators can edit them without rebuilding.
/// </summary>
internal sealed class BriefingPrompts
{
    public const string PluginName = "Briefing";
    public const string AnswerFunction = "Answer";
    public const string BriefFunction = "Brief";

    /// <summary>Variables each prompt must use; the composer fills them (documented in <c>prompts/README.md</c>).</summary>
    private static readonly Dictionary<string, string[]> RequiredVariables = new(StringComparer.Ordinal)
    {
        [AnswerFunction] = [PromptVariables.Question, PromptVariables.Sources, PromptVariables.NoAnswer],
        [BriefFunction] = [PromptVariables.Topic, PromptVariables.Sources, PromptVariables.NoAnswer],
    };

    private BriefingPrompts(string directory, KernelFunction answer, KernelFunction brief)
    {
        Directory = directory;
        Answer = answer;
        Brief = brief;
    }

    /// <summary>The prompts folder the functions were read from.</summary>
    public string Directory { get; }

    public KernelFunction Answer { get; }

    public KernelFunction Brief { get; }

    /// <summary>Finds and loads the prompts; throws <see cref="PromptLoadException"/> naming the path on any problem.</summary>
    /// <param name="configuredDirectory">Llm:PromptsDirectory, or null to look next to the binary, then up from the working directory.</param>
    public static BriefingPrompts Load(string? configuredDirectory)
    {
        var root = Locate(configuredDirectory);
        var pluginDirectory = Path.Combine(root, PluginName);
        KernelPlugin plugin;
        try
        {
            plugin = new Kernel().CreatePluginFromPromptDirectory(pluginDirectory, PluginName);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or ArgumentException or KernelException or NotSupportedException)
        {
            throw new PromptLoadException($"The prompts in '{pluginDirectory}' could not be read: {ex.Message}", ex);
        }

        return new BriefingPrompts(root, Function(plugin, pluginDirectory, AnswerFunction), Function(plugin, pluginDirectory, BriefFunction));
    }

    private static KernelFunction Function(KernelPlugin plugin, string pluginDirectory, string name)
    {
        var functionDirectory = Path.Combine(pluginDirectory, name);
        if (!plugin.TryGetFunction(name, out var function))
        {
            throw new PromptLoadException($"The prompt '{Path.Combine(functionDirectory, "skprompt.txt")}' is missing.");
        }

        // Semantic Kernel accepts a template that never uses a variable; the answer would then silently ignore the
        // sources, so a prompt that forgets one is refused here.
        var templatePath = Path.Combine(functionDirectory, "skprompt.txt");
        var template = File.ReadAllText(templatePath);
        var missing = RequiredVariables[name].Where(variable => !UsesVariable(template, variable)).ToList();
        if (missing.Count > 0)
        {
            throw new PromptLoadException(
                $"The prompt '{templatePath}' does not use {string.Join(", ", missing.Select(v => "{{$" + v + "}}"))}; see prompts/README.md.");
        }

        return function;
    }

    private static bool UsesVariable(string template, string variable) =>
        System.Text.RegularExpressions.Regex.IsMatch(
            template,
            @"\{\{\s*\$" + System.Text.RegularExpressions.Regex.Escape(variable) + @"\s*\}\}",
            System.Text.RegularExpressions.RegexOptions.None,
            TimeSpan.FromSeconds(1));

    private static string Locate(string? configuredDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredDirectory))
        {
            var full = Path.GetFullPath(configuredDirectory);
            return System.IO.Directory.Exists(full)
                ? full
                : throw new PromptLoadException($"Llm:PromptsDirectory '{full}' does not exist.");
        }

        var searched = new List<string>();
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "prompts");
                searched.Add(candidate);
                if (System.IO.Directory.Exists(Path.Combine(candidate, PluginName)))
                {
                    return candidate;
                }
            }
        }

        throw new PromptLoadException(
            $"No prompts folder with '{PluginName}' was found next to the binary or in the repository (looked in {string.Join(", ", searched.Distinct(StringComparer.Ordinal))}); set Llm:PromptsDirectory.");
    }
}

/// <summary>The names of the variables the composer passes to the prompts.</summary>
internal static class PromptVariables
{
    public const string Question = "question";
    public const string Topic = "topic";
    public const string Sources = "sources";
    public const string NoAnswer = "no_answer";
    public const string Today = "today";
}
