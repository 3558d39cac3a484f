using System.Text.RegularExpressions;
using Briefer.Core.Conversations;
using Briefer.Core.Documents;
using Briefer.Discord.Gateway;
using Briefer.Discord.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.Pipeline;

/// <summary>
/// Turns MESSAGE_CREATE into <see cref="BotRequest"/>s: in a conversation thread, a message that mentions the bot or
/// replies to it is a <see cref="BotRequestKind.ThreadMessage"/>; elsewhere in a server, a message that mentions the
/// bot is a <see cref="BotRequestKind.Mention"/>; every DM is one too (answered from <c>Discord:DmScope</c> when set).
/// Everything else is ignored. Works without the privileged Message Content intent: Discord sends the content of
/// messages that mention the bot, and of DMs.
/// </summary>
internal sealed partial class MessageRouter(
    CommandCatalog catalog,
    BotResponder responder,
    GatewaySession gateway,
    IConversationStore conversations,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<MessageRouter> logger) : IGatewayEventHandler
{
    public async Task OnMessageCreateAsync(MessageCreateEvent message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var receivedAt = time.GetTimestamp();
        if (message.Author.Bot == true || message.WebhookId is not null || gateway.CurrentUser is not { } me || message.Author.Id == me.Id)
        {
            return;
        }

        using var logScope = logger.BeginScope(new Dictionary<string, object?> { ["GuildId"] = message.GuildId?.Value, ["ChannelId"] = message.ChannelId.Value });
        ScopeId? scope;
        BotRoute route;
        if (message.GuildId is { } guild)
        {
            var mentioned = message.MentionsUser(me.Id);
            var repliesToBot = message.ReferencedMessage?.Author?.Id == me.Id;
            if (!mentioned && !repliesToBot)
            {
                return;
            }

            scope = ScopeId.ForGuild(guild.Value);
            if (catalog.Find(BotRequestKind.ThreadMessage, BotRoute.ThreadMessage.Name) is not null
                && await conversations.GetConversationAsync(scope.Value, ConversationKeys.ForThread(message.ChannelId), cancellationToken).ConfigureAwait(false) is not null)
            {
                route = BotRoute.ThreadMessage;
            }
            else if (mentioned)
            {
                route = BotRoute.Mention;
            }
            else
            {
                return;
            }
        }
        else
        {
            scope = ScopeId.TryParse(options.Value.DmScope, out var dmScope, out _) ? dmScope : null;
            route = BotRoute.Mention;
        }

        if (catalog.Find(route.Kind, route.Name) is not { } command)
        {
            return;
        }

        var request = new BotRequest(route.Kind, route.Name, message.GuildId, message.ChannelId, scope,
            new BotAsker(message.Author.Id, Permissions: null), new MessageReplyTarget(message.Id), receivedAt)
        {
            Text = MentionPattern().Replace(message.Content, string.Empty).Trim(),
        };
        await responder.RespondAsync(request, command, cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex(@"<@!?\d+>")]
    private static partial Regex MentionPattern();
}
