using Briefer.Discord;
using Briefer.Discord.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Briefer.Bot;

/// <summary>Wires Discord to the knowledge core: the client, command registration, interaction and mention handling.</summary>
public static class BotSetup
{
    /// <summary>
    /// Adds the Discord bot. Needs an <see cref="Core.IBriefingService"/> (<c>AddBrieferCore()</c>). The gateway runs as a
    /// hosted service; a fatal gateway error (bad token, disallowed intents) stops the host with exit code 1.
    /// </summary>
    public static IServiceCollection AddDiscordBot(this IServiceCollection services)
    {
        services.AddDiscordClient();
        services.AddOptions<Core.Ingestion.IngestionOptions>().BindConfiguration(Core.Ingestion.IngestionOptions.Section);
        services.TryAddSingleton<UserRateLimiter>();
        services.TryAddSingleton<BotWorkQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<BotWorkQueue>());
        services.TryAddSingleton<CommandRegistrar>();
        services.AddSingleton<IGatewayEventHandler>(sp => sp.GetRequiredService<CommandRegistrar>());
        services.AddSingleton<IGatewayEventHandler, InteractionDispatcher>();
        services.AddSingleton<IGatewayEventHandler, MentionResponder>();
        services.AddDocumentSources();
        services.TryAddSingleton<DocumentDownloader>();
        services.AddHttpClient(DocumentDownloader.AttachmentClient);
        return services;
    }
}
