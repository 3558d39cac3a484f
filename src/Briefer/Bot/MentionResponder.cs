using System.Text.RegularExpressions;
using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Discord;
using Briefer.Discord.Gateway;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Bot;

/// <summary>
/// Answers a message that mentions the bot (in a channel or thread) with a reply to that message. In DMs it
/// answers from <c>Discord:DmScope</c> when set, and otherwise explains that it answers in servers.
/// Works without the privileged Message Content intent: Discord still sends the content of messages that
/// mention the bot, and of DMs.
/// </summary>
internal sealed partial class MentionResponder(
    DiscordRestClient rest,
    GatewaySession gateway,
    BotWorkQueue queue,
    UserRateLimiter rateLimiter,
    IOptions<DiscordOptions> options,
    ILogger<MentionResponder> logger) : IGatewayEventHandler
{
    public const string DmExplanation = "I answer questions in servers: mention me with a question, or use /ask there.";

    public async Task OnMessageCreateAsync(MessageCreateEvent message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Author.Bot == true || message.WebhookId is not null || gateway.CurrentUser is not { } me || message.Author.Id == me.Id)
        {
            return;
        }

        using var logScope = logger.BeginScope(new Dictionary<string, object?> { ["GuildId"] = message.GuildId?.Value, ["ChannelId"] = message.ChannelId.Value });
        ScopeId scope;
        if (message.GuildId is { } guild)
        {
            if (!message.MentionsUser(me.Id))
            {
                return;
            }

            scope = ScopeId.ForGuild(guild.Value);
        }
        else if (options.Value.DmScope is { } dmScope && ScopeId.TryParse(dmScope, out var parsed, out _))
        {
            scope = parsed;
        }
        else
        {
            await ReplyAsync(message, AnswerRenderer.Text(DmExplanation), cancellationToken).ConfigureAwait(false);
            return;
        }

        var question = MentionPattern().Replace(message.Content, string.Empty).Trim();
        if (question.Length == 0)
        {
            await ReplyAsync(message, AnswerRenderer.Text("Ask me a question after the mention, e.g. @Briefer what did the report conclude?"), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!rateLimiter.TryAcquire(message.Author.Id, out var retryAfter))
        {
            Log.UserRateLimited(logger, message.Author.Id.Value);
            await ReplyAsync(message, AnswerRenderer.Text($"You're asking faster than I can keep up. Please try again in {Math.Ceiling(retryAfter.TotalSeconds)} s."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var queued = queue.TryEnqueue(async (services, ct) =>
        {
            MessageParams reply;
            try
            {
                reply = AnswerRenderer.Answer(await services.GetRequiredService<IBriefingService>().AskAsync(scope, question, ct).ConfigureAwait(false));
            }
            catch (ArgumentException ex)
            {
                reply = AnswerRenderer.Text(ex.Message);
            }
#pragma warning disable CA1031 // The asker must hear back whatever went wrong; the details go to the log.
            catch (Exception ex) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
            {
                Log.MentionFailed(logger, ex);
                reply = AnswerRenderer.Text(AnswerRenderer.SomethingWentWrong);
            }

            await ReplyAsync(message, reply, ct).ConfigureAwait(false);
        });
        if (!queued)
        {
            await ReplyAsync(message, AnswerRenderer.Text("Briefer is busy right now. Please try again in a minute."), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReplyAsync(MessageCreateEvent message, MessageParams reply, CancellationToken cancellationToken)
    {
        try
        {
            await rest.CreateMessageAsync(message.ChannelId, reply with { MessageReference = new MessageReference(message.Id, message.ChannelId, message.GuildId, FailIfNotExists: false) }, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordRestException ex)
        {
            Log.ReplyFailed(logger, ex);
        }
    }

    [GeneratedRegex(@"<@!?\d+>")]
    private static partial Regex MentionPattern();
}
