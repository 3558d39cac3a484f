using Briefer.Core.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.Llm;

/// <summary>Registers the model's follow-up rewriting.</summary>
public static class LlmFollowUpSetup
{
    /// <summary>
    /// With <c>Llm:Provider</c> set, follow-ups are made self-contained by the model (<c>prompts/Conversation/FollowUp</c>);
    /// with None, by <see cref="RuleFollowUpRewriter"/>. Call after <c>AddBrieferCore()</c> and <c>AddLlmAnswers()</c>.
    /// </summary>
    public static IServiceCollection AddLlmFollowUps(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddConversations();
        services.TryAddSingleton(sp => FollowUpPrompt.Load(sp.GetRequiredService<BriefingPrompts>().Directory));
        services.TryAddSingleton<LlmFollowUpRewriter>();
        services.Replace(ServiceDescriptor.Singleton<IFollowUpRewriter>(sp =>
            sp.GetRequiredService<IOptions<LlmOptions>>().Value.Provider == LlmProvider.None
                ? sp.GetRequiredService<RuleFollowUpRewriter>()
                : sp.GetRequiredService<LlmFollowUpRewriter>()));
        return services;
    }
}
