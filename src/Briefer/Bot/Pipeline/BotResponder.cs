using Briefer.Answers;
using Briefer.Core.Documents;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Briefer.Bot.Pipeline;

/// <summary>
/// The one pipeline every request goes through, whichever way it came in: scope and permission checks and the
/// per-user rate limit (refusals answered at once, privately) → the command's own checks → the acknowledgement
/// (a deferral or modal within Discord's 3 s for interactions; the typing indicator for messages) → the bounded
/// queue → the command's work in its own DI scope → delivery (edit the original response, reply to the message,
/// or reply to a message command's target) → on failure, a message to the asker and the details to the log.
/// </summary>
internal sealed class BotResponder(
    DiscordRestClient rest,
    BotWorkQueue queue,
    UserRateLimiter rateLimiter,
    BotMetrics metrics,
    TimeProvider time,
    ILogger<BotResponder> logger)
{
    /// <summary>What a DM gets when DMs have no scope.</summary>
    public const string DmExplanation = "I answer questions in servers: mention me with a question, or use /ask there.";

    public const string Busy = "Briefer is busy right now. Please try again in a minute.";

    public async Task RespondAsync(BotRequest request, IBotCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(command);
        metrics.Received(request.Kind);
        var policy = command.Policy;
        var name = Describe(request);
        if (request.Scope is null || (request.Guild is null && !policy.AllowInDms))
        {
            await RefuseAsync(request, request.ReplyTo is MessageReplyTarget ? DmExplanation : "Briefer answers in servers: use this in a server channel.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (policy.AdminOnly && !request.Asker.IsAdmin)
        {
            Log.NotAllowed(logger, name, request.Asker.Id.Value);
            await RefuseAsync(request, $"Only members with the Manage Server permission can use {name}.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (policy.RateLimited && !rateLimiter.TryAcquire(request.Asker.Id, out var retryAfter))
        {
            Log.UserRateLimited(logger, request.Asker.Id.Value);
            await RefuseAsync(request, $"You're asking faster than I can keep up. Please try again in {Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds))} s.", cancellationToken).ConfigureAwait(false);
            return;
        }

        BotWork work;
        try
        {
            work = command.Prepare(request);
        }
        catch (ArgumentException ex)
        {
            await RefuseAsync(request, ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var ephemeral = work.Ack.Ephemeral ?? policy.Ephemeral;
        if (!await AcknowledgeAsync(request, work.Ack, ephemeral, name, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (!queue.TryEnqueue((services, stoppingToken) => RunAsync(request, work, ephemeral, name, services, stoppingToken)))
        {
            Log.QueueFull(logger, name);
            if (work.Ack.Modal is null)
            {
                await ShowErrorAsync(request, Busy, ephemeral, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>How a request is named to the asker and in logs: <c>/ask</c>, <c>Save to Briefer</c>, <c>button fb</c>, <c>mention</c>.</summary>
    public static string Describe(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Kind switch
        {
            BotRequestKind.SlashCommand => "/" + request.Route,
            BotRequestKind.MessageCommand => request.Route,
            BotRequestKind.Button => "button " + request.Route,
            BotRequestKind.Modal => "form " + request.Route,
            BotRequestKind.AutoAnswer => "auto-answer",
            _ => request.Route,
        };
    }

    private async Task<bool> AcknowledgeAsync(BotRequest request, BotAck ack, bool ephemeral, string name, CancellationToken cancellationToken)
    {
        if (request.ReplyTo is AutoReplyTarget)
        {
            // Nobody asked the bot: no typing indicator, since it may well stay silent.
            return true;
        }

        if (request.ReplyTo is not InteractionReplyTarget interaction)
        {
            // Messages have no deadline; "Briefer is typing…" tells the asker the question arrived.
            _ = TypingAsync(request.Channel, cancellationToken);
            return true;
        }

        try
        {
            if (ack.Modal is { } modal)
            {
                await rest.CreateModalResponseAsync(interaction.Id, interaction.Token, new ModalResponseParams(InteractionCallbackType.Modal, modal), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponseParams(
                    InteractionCallbackType.DeferredChannelMessageWithSource,
                    new MessageParams(AllowedMentions: AllowedMentions.None, Flags: ephemeral ? MessageFlags.Ephemeral : null)), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DiscordRestException ex)
        {
            // Expired (over 3 s) or already answered: nothing can be shown to the asker any more.
            Log.AcknowledgeFailed(logger, name, ex);
            return false;
        }

        var milliseconds = time.GetElapsedTime(request.ReceivedAt).TotalMilliseconds;
        metrics.Acknowledged(request.Kind, milliseconds);
        Log.InteractionAcknowledged(logger, name, milliseconds);
        return true;
    }

    private async Task RunAsync(BotRequest request, BotWork work, bool ephemeral, string name, IServiceProvider services, CancellationToken stoppingToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["GuildId"] = request.Guild?.Value, ["ChannelId"] = request.Channel.Value });
        var started = time.GetTimestamp();
        string error;
        try
        {
            var reply = await work.Run(new BotContext(request, services), stoppingToken).ConfigureAwait(false);
            Log.Answered(logger, name, time.GetElapsedTime(started).TotalMilliseconds);
            await DeliverAsync(request, reply, stoppingToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is DocumentRejectedException or ArgumentException)
        {
            error = ex.Message;
        }
#pragma warning disable CA1031 // The asker must hear back whatever went wrong; the details go to the log.
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            Log.InteractionFailed(logger, name, ex);
            error = AnswerRenderer.SomethingWentWrong;
        }

        if (work.Ack.Modal is null)
        {
            await ShowErrorAsync(request, error, ephemeral, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(BotRequest request, BotReply reply, CancellationToken cancellationToken)
    {
        switch (request.ReplyTo, reply.Delivery)
        {
            case (_, BotDelivery.Done):
                return;
            case (InteractionReplyTarget interaction, BotDelivery.ReplyToTarget) when request.Target is { } target:
                try
                {
                    await rest.CreateMessageAsync(request.Channel, reply.Message with
                    {
                        MessageReference = new MessageReference(target.Id, request.Channel, request.Guild, FailIfNotExists: false),
                        Flags = null,
                    }, cancellationToken).ConfigureAwait(false);
                }
                catch (DiscordRestException ex) when (ex.Status is System.Net.HttpStatusCode.Forbidden || ex.Code is 50001 or 50013)
                {
                    // The bot may not post in this channel: the asker still gets the answer, privately (the deferral was ephemeral).
                    Log.ChannelForbidden(logger, request.Channel.Value);
                    await EditAsync(interaction, reply.Message, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await DeleteOriginalAsync(interaction, cancellationToken).ConfigureAwait(false);
                return;
            case (InteractionReplyTarget interaction, _):
                await EditAsync(interaction, reply.Message, cancellationToken).ConfigureAwait(false);
                return;
            case (MessageReplyTarget message, _):
                await ReplyAsync(request, message, reply.Message, cancellationToken).ConfigureAwait(false);
                return;
            case (AutoReplyTarget auto, _):
                await PostAutomaticAsync(request, auto, reply.Message, cancellationToken).ConfigureAwait(false);
                return;
            default:
                return;
        }
    }

    private async Task PostAutomaticAsync(BotRequest request, AutoReplyTarget auto, MessageParams message, CancellationToken cancellationToken)
    {
        try
        {
            await rest.CreateMessageAsync(request.Channel, message with
            {
                MessageReference = auto.Reply ? new MessageReference(auto.Question, request.Channel, request.Guild, FailIfNotExists: false) : null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DiscordRestException or HttpRequestException)
        {
            Log.ReplyFailed(logger, ex);
        }
    }

    /// <summary>A refusal decided before any work: an immediate ephemeral reply to an interaction, or a reply to a message.</summary>
    private async Task RefuseAsync(BotRequest request, string text, CancellationToken cancellationToken)
    {
        switch (request.ReplyTo)
        {
            case AutoReplyTarget:
                // Nobody asked: a refusal is for the log only.
                Log.AutoAnswerRefused(logger, text);
                return;
            case InteractionReplyTarget interaction:
                try
                {
                    await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
                        new InteractionResponseParams(InteractionCallbackType.ChannelMessageWithSource, AnswerRenderer.Text(text, ephemeral: true)), cancellationToken).ConfigureAwait(false);
                }
                catch (DiscordRestException ex)
                {
                    Log.ReplyFailed(logger, ex);
                }

                return;
            case MessageReplyTarget message:
                await ReplyAsync(request, message, AnswerRenderer.Text(text), cancellationToken).ConfigureAwait(false);
                return;
            default:
                return;
        }
    }

    /// <summary>
    /// Shows an error to the asker only. A public deferral cannot become ephemeral, so it is deleted and the error
    /// follows as an ephemeral follow-up; if that fails, the error replaces the deferral publicly. Messages get a reply.
    /// </summary>
    private async Task ShowErrorAsync(BotRequest request, string error, bool deferredEphemeral, CancellationToken cancellationToken)
    {
        if (request.ReplyTo is AutoReplyTarget)
        {
            // Nobody asked: a failure of an automatic answer is never shown in the channel (it is in the log already).
            return;
        }

        if (request.ReplyTo is MessageReplyTarget message)
        {
            await ReplyAsync(request, message, AnswerRenderer.Text(error), cancellationToken).ConfigureAwait(false);
            return;
        }

        var interaction = (InteractionReplyTarget)request.ReplyTo;
        if (!deferredEphemeral)
        {
            try
            {
                await rest.DeleteOriginalResponseAsync(interaction.Application, interaction.Token, cancellationToken).ConfigureAwait(false);
                await rest.CreateFollowupMessageAsync(interaction.Application, interaction.Token, AnswerRenderer.Text(error, ephemeral: true), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DiscordRestException ex)
            {
                Log.ReplyFailed(logger, ex);
            }
        }

        await EditAsync(interaction, AnswerRenderer.Text(error), cancellationToken).ConfigureAwait(false);
    }

    private async Task EditAsync(InteractionReplyTarget interaction, MessageParams message, CancellationToken cancellationToken)
    {
        try
        {
            await rest.EditOriginalResponseAsync(interaction.Application, interaction.Token, message with { Flags = null, MessageReference = null }, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordRestException ex)
        {
            Log.ReplyFailed(logger, ex);
        }
    }

    private async Task DeleteOriginalAsync(InteractionReplyTarget interaction, CancellationToken cancellationToken)
    {
        try
        {
            await rest.DeleteOriginalResponseAsync(interaction.Application, interaction.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordRestException ex)
        {
            Log.ReplyFailed(logger, ex);
        }
    }

    private async Task ReplyAsync(BotRequest request, MessageReplyTarget message, MessageParams reply, CancellationToken cancellationToken)
    {
        try
        {
            await rest.CreateMessageAsync(request.Channel, reply with { MessageReference = new MessageReference(message.Message, request.Channel, request.Guild, FailIfNotExists: false) }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DiscordRestException or HttpRequestException)
        {
            Log.ReplyFailed(logger, ex);
        }
    }

    private async Task TypingAsync(ChannelId channel, CancellationToken cancellationToken)
    {
        try
        {
            await rest.TriggerTypingAsync(channel, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DiscordRestException or HttpRequestException or OperationCanceledException)
        {
            Log.TypingFailed(logger, ex.Message);
        }
    }
}
