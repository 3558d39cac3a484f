using System.Text;
using Briefer.Core.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Briefer.Llm;

/// <summary>
/// The model's way of making a follow-up self-contained: the prompt <c>prompts/Conversation/FollowUp</c> with the
/// conversation's earlier questions and the start of their answers. Within <see cref="LlmOptions.Timeout"/>; an
/// empty, overlong or failed reply falls back to the <see cref="RuleFollowUpRewriter"/>, so a follow-up is always read.
/// </summary>
internal sealed class LlmFollowUpRewriter(
    LlmKernel kernel,
    FollowUpPrompt prompt,
    RuleFollowUpRewriter rule,
    IOptions<LlmOptions> options,
    TimeProvider time,
    ILogger<LlmFollowUpRewriter> logger) : IFollowUpRewriter
{
    private const int AnswerExcerpt = 300;

    public async Task<string> RewriteAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return question.Trim();
        }

        using var timeout = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var arguments = new KernelArguments { ["history"] = History(history), ["question"] = question.Trim() };
            var result = await kernel.Kernel.InvokeAsync(prompt.Function, arguments, linked.Token).ConfigureAwait(false);
            var text = (result.GetValue<string>() ?? string.Empty).Trim().Trim('"', '“', '”').Split('\n')[0].Trim();
            if (text.Length > 0 && text.Length <= Math.Max(300, question.Length * 4))
            {
                return text;
            }

            Log.FollowUpFellBack(logger, "the model's rewrite was empty or too long");
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A follow-up is always read: any failure of the model means the rule's rewrite.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.FollowUpFellBack(logger, ex.GetType().Name);
        }

        return await rule.RewriteAsync(question, history, cancellationToken).ConfigureAwait(false);
    }

    private static string History(IReadOnlyList<ConversationTurn> history)
    {
        var text = new StringBuilder();
        foreach (var turn in history)
        {
            var answer = turn.Abstained ? "(not answered)" : turn.AnswerText.Length > AnswerExcerpt ? turn.AnswerText[..AnswerExcerpt] + "…" : turn.AnswerText;
            text.Append("Q: ").Append(turn.StandaloneQuestion).Append('\n').Append("A: ").Append(answer).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>The follow-up prompt function, loaded from <c>Conversation/FollowUp</c> beside the answer prompts.</summary>
internal sealed class FollowUpPrompt(KernelFunction function)
{
    public const string PluginName = "Conversation";
    public const string FunctionName = "FollowUp";

    public KernelFunction Function { get; } = function;

    /// <summary>Loads the prompt from the prompts folder the answer prompts came from; throws <see cref="PromptLoadException"/> naming the path.</summary>
    public static FollowUpPrompt Load(string promptsDirectory)
    {
        var pluginDirectory = Path.Combine(promptsDirectory, PluginName);
        try
        {
            var plugin = new Kernel().CreatePluginFromPromptDirectory(pluginDirectory, PluginName);
            return plugin.TryGetFunction(FunctionName, out var function)
                ? new FollowUpPrompt(function)
                : throw new PromptLoadException($"The prompt '{Path.Combine(pluginDirectory, FunctionName, "skprompt.txt")}' is missing.");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException or UnauthorizedAccessException or ArgumentException or KernelException or NotSupportedException)
        {
            throw new PromptLoadException($"The prompts in '{pluginDirectory}' could not be read: {ex.Message}", ex);
        }
    }
}
