using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Briefer.Core.Conversations;

/// <summary>Registers conversations, feedback and insights.</summary>
public static class ConversationsSetup
{
    /// <summary>
    /// Adds <see cref="ConversationOptions"/> (section <c>Conversations</c>, validated at start), the SQLite
    /// <see cref="IConversationStore"/> in the data directory, and the rule-based <see cref="IFollowUpRewriter"/>
    /// (<c>AddLlmFollowUps()</c> swaps in the model's when one is configured), and the <see cref="ConversationService"/>
    /// that takes turns with them. Needs <c>Store:</c> settings and an <see cref="IBriefingService"/> (<c>AddBrieferCore()</c>).
    /// </summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<Storage.StoreOptions>().BindConfiguration(Storage.StoreOptions.Section);
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SqliteConversationStore>();
        services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<SqliteConversationStore>());
        services.TryAddSingleton<RuleFollowUpRewriter>();
        services.TryAddSingleton<IFollowUpRewriter>(sp => sp.GetRequiredService<RuleFollowUpRewriter>());
        services.TryAddSingleton<ConversationService>();
        return services;
    }
}
