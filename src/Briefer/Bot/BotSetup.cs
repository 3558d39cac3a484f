using Briefer.Audiences;
using Briefer.Bot.Ask;
using Briefer.Bot.AutoAnswer;
using Briefer.Bot.Briefs;
using Briefer.Bot.Check;
using Briefer.Bot.Citations;
using Briefer.Bot.Feedback;
using Briefer.Bot.FollowUp;
using Briefer.Bot.Forget;
using Briefer.Bot.Ingest;
using Briefer.Bot.Pipeline;
using Briefer.Bot.Save;
using Briefer.Bot.Sources;
using Briefer.Core.Conversations;
using Briefer.Discord;
using Briefer.Discord.Gateway;
using Briefer.Discord.Guilds;
using Briefer.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.Bot;

/// <summary>Wires Discord to the knowledge core: the client, the request pipeline, and one <c>AddBotCommand&lt;T&gt;()</c> per command.</summary>
public static class BotSetup
{
    /// <summary>
    /// Adds the Discord bot. Needs an <see cref="Core.IBriefingService"/>, an <see cref="Core.Claims.IClaimChecker"/> and
    /// document extraction (all three come with <c>AddBrieferCore()</c>); commands take them in their constructors, so a
    /// host without them fails at start naming the missing service. The gateway runs as a hosted service; a fatal gateway error (bad token, disallowed
    /// intents) stops the host with exit code 1.
    /// </summary>
    public static IServiceCollection AddDiscordBot(this IServiceCollection services)
    {
        services.AddDiscordClient();
        services.AddGuildCache();
        services.TryAddSingleton<AudienceResolver>();
        services.AddConversations();
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, BotOptionsValidator>());
        services.AddOptions<Core.Ingestion.IngestionOptions>().BindConfiguration(Core.Ingestion.IngestionOptions.Section);

        services.TryAddSingleton<BotMetrics>();
        services.TryAddSingleton<UserRateLimiter>();
        services.TryAddSingleton<BotWorkQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<BotWorkQueue>());
        services.TryAddSingleton<CommandCatalog>();
        services.TryAddSingleton<BotResponder>();
        services.TryAddSingleton<AnswerPresenter>();
        services.TryAddSingleton<CommandRegistrar>();
        services.AddSingleton<IGatewayEventHandler>(sp => sp.GetRequiredService<CommandRegistrar>());
        services.AddSingleton<IGatewayEventHandler, InteractionRouter>();
        services.AddSingleton<IGatewayEventHandler, MessageRouter>();

        services.AddDocumentSources();
        services.TryAddSingleton<DocumentDownloader>();
        services.TryAddSingleton<IngestJob>();
        services.AddHttpClient(DocumentDownloader.AttachmentClient);

        services.AddBotCommand<AskCommand>();
        services.AddBotCommand<BriefCommand>();
        services.AddBotCommand<SourcesCommand>();
        services.AddBotCommand<IngestCommand>();
        services.AddBotCommand<ForgetCommand>();
        services.AddBotCommand<AskMessageCommand>();
        services.AddBotCommand<CheckCommand>();
        services.AddBotCommand<SaveCommand>();
        services.AddBotCommand<FollowUpCommand>();
        services.AddBotCommand<FeedbackCommand>();
        services.AddBotCommand<CitationsCommand>();
        services.AddBotCommand<Insights.InsightsCommand>();
        services.AddBotCommand<Digest.DigestCommand>();
        services.AddAutoAnswerBot();
        return services;
    }

    /// <summary>
    /// Adds one command: its routes, Discord definition and policy are read from <typeparamref name="T"/> by the
    /// pipeline, the registrar and the permission and rate-limit checks.
    /// </summary>
    public static IServiceCollection AddBotCommand<T>(this IServiceCollection services)
        where T : class, IBotCommand
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBotCommand, T>());
        return services;
    }
}
