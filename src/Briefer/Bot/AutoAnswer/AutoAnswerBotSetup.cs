using Briefer.AutoAnswers;
using Briefer.Bot.Pipeline;
using Briefer.Core.Storage;
using Briefer.Discord;
using Briefer.Discord.Gateway;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.AutoAnswer;

/// <summary>The bot's side of automatic answers: the admin command, the watcher, the reply, the buttons and the intent.</summary>
internal static class AutoAnswerBotSetup
{
    public static IServiceCollection AddAutoAnswerBot(this IServiceCollection services)
    {
        services.AddAutoAnswers();
        services.TryAddSingleton<AutoAnswerChannels>();
        services.TryAddSingleton<AutoAnswerCaps>();
        services.TryAddSingleton<ForumTags>();
        services.TryAddSingleton<AutoAnswerFeedback>();
        services.TryAddSingleton<AutoAnswerWatcher>();
        services.AddSingleton<IGatewayEventHandler>(sp => sp.GetRequiredService<AutoAnswerWatcher>());
        services.AddBotCommand<AutoAnswerCommand>();
        services.AddBotCommand<AutoAnswerReplyCommand>();
        services.AddBotCommand<StillNeedHelpCommand>();

        // Message Content is privileged: asked for (as an optional intent, dropped on close 4014) only when wanted.
        services.AddOptions<DiscordOptions>().PostConfigure<IOptions<AutoAnswerOptions>, IOptions<StoreOptions>>((discord, auto, store) =>
        {
            if (auto.Value.MessageContent == MessageContentRequest.Always
                || (auto.Value.MessageContent == MessageContentRequest.Auto && AnyChannelConfigured(store.Value)))
            {
                discord.OptionalIntents |= GatewayIntents.MessageContent | GatewayIntents.GuildMessages;
            }
        });
        return services;
    }

    /// <summary>Whether the data directory has any auto-answer channel (read once, synchronously, as options are built).</summary>
    private static bool AnyChannelConfigured(StoreOptions store)
    {
        var path = Path.Combine(Path.GetFullPath(store.DataDirectory), "briefer.db");
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'autoanswer_channels') AND EXISTS (SELECT 1 FROM autoanswer_channels)";
            return command.ExecuteScalar() is long n && n == 1;
        }
        catch (SqliteException)
        {
            // No table yet (SQLite checks the second EXISTS against the schema first), or an unreadable file: nothing configured.
            return false;
        }
    }
}
