using System.Diagnostics.Metrics;
using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Discord.Gateway;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Briefer.Bot;

/// <summary>
/// Handles INTERACTION_CREATE: checks permissions and the per-user rate limit, acknowledges with a deferred
/// response straight away (before any answering work, so the ack does not depend on how long the answer takes),
/// then queues the work and edits the original response with the result. Refusals that can be decided at
/// once (not an admin, too many requests, bad options) are sent as immediate ephemeral replies instead.
/// </summary>
internal sealed class InteractionDispatcher(
    DiscordRestClient rest,
    GatewaySession gateway,
    BotWorkQueue queue,
    UserRateLimiter rateLimiter,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<InteractionDispatcher> logger) : IGatewayEventHandler
{
    /// <summary>The meter of the bot's interactions and ack latency.</summary>
    public const string MeterName = "Briefer.Bot";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> AckLatency = Meter.CreateHistogram<double>("briefer.discord.ack_latency", "ms", "Time from reading INTERACTION_CREATE to the deferred ack being accepted.");
    private static readonly Counter<long> Interactions = Meter.CreateCounter<long>("briefer.discord.interactions", description: "Interactions received.");

    public async Task OnInteractionCreateAsync(InteractionCreateEvent interaction, long receivedAt, CancellationToken cancellationToken)
    {
        using var logScope = logger.BeginScope(new Dictionary<string, object?> { ["GuildId"] = interaction.GuildId?.Value, ["ChannelId"] = interaction.ChannelId?.Value, ["InteractionId"] = interaction.Id.Value });
        Interactions.Add(1);
        switch (interaction.Type)
        {
            case InteractionType.ApplicationCommandAutocomplete:
                await AutocompleteAsync(interaction, cancellationToken).ConfigureAwait(false);
                return;
            case InteractionType.ApplicationCommand when interaction.Data is { } data:
                await CommandAsync(interaction, data, receivedAt, cancellationToken).ConfigureAwait(false);
                return;
            default:
                return;
        }
    }

    private async Task CommandAsync(InteractionCreateEvent interaction, InteractionData data, long receivedAt, CancellationToken cancellationToken)
    {
        var command = data.Name;
        var user = interaction.Invoker?.Id ?? default;
        if (interaction.GuildId is not { } guild)
        {
            await ReplyNowAsync(interaction, "Briefer answers in servers: use this command in a server channel.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (BotCommands.IsAdminCommand(command) && !BotCommands.IsAdmin(interaction.Member?.Permissions))
        {
            Log.NotAllowed(logger, command, user.Value);
            await ReplyNowAsync(interaction, $"Only members with the Manage Server permission can use /{command}.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (command is not (BotCommands.Sources or BotCommands.Forget) && !rateLimiter.TryAcquire(user, out var retryAfter))
        {
            Log.UserRateLimited(logger, user.Value);
            await ReplyNowAsync(interaction, $"You're asking faster than I can keep up. Please try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.", cancellationToken).ConfigureAwait(false);
            return;
        }

        CommandHandlers.Job job;
        try
        {
            job = CommandHandlers.Prepare(command, data, guild, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        }
        catch (ArgumentException ex)
        {
            await ReplyNowAsync(interaction, ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Admin replies are private; answers are for the whole channel.
        var ephemeral = BotCommands.IsAdminCommand(command);
        try
        {
            await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponseParams(
                InteractionCallbackType.DeferredChannelMessageWithSource,
                new MessageParams(AllowedMentions: AllowedMentions.None, Flags: ephemeral ? MessageFlags.Ephemeral : null)), cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordRestException ex)
        {
            // Expired (over 3 s) or already answered: nothing can be shown to the asker any more.
            Log.AcknowledgeFailed(logger, command, ex);
            return;
        }

        var ackMs = time.GetElapsedTime(receivedAt).TotalMilliseconds;
        AckLatency.Record(ackMs);
        Log.InteractionAcknowledged(logger, command, ackMs);

        var application = interaction.ApplicationId ?? gateway.ApplicationId ?? default;
        var queued = queue.TryEnqueue(async (services, stoppingToken) =>
        {
            using var jobScope = logger.BeginScope(new Dictionary<string, object?> { ["GuildId"] = guild.Value, ["ChannelId"] = interaction.ChannelId?.Value });
            var started = time.GetTimestamp();
            string error;
            try
            {
                var result = await job(services, stoppingToken).ConfigureAwait(false);
                Log.Answered(logger, command, time.GetElapsedTime(started).TotalMilliseconds);
                await EditAsync(application, interaction.Token, result, stoppingToken).ConfigureAwait(false);
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
                Log.InteractionFailed(logger, command, ex);
                error = AnswerRenderer.SomethingWentWrong;
            }

            await ShowErrorAsync(application, interaction.Token, error, ephemeral, stoppingToken).ConfigureAwait(false);
        });

        if (!queued)
        {
            Log.QueueFull(logger, command);
            await EditAsync(application, interaction.Token, AnswerRenderer.Text("Briefer is busy right now. Please try again in a minute."), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AutocompleteAsync(InteractionCreateEvent interaction, CancellationToken cancellationToken)
    {
        var choices = new List<CommandChoice>();
        if (interaction.GuildId is { } guild && interaction.Data?.Name == BotCommands.Forget && BotCommands.IsAdmin(interaction.Member?.Permissions))
        {
            var typed = interaction.Data.Options?.FirstOrDefault(o => o.Focused == true)?.StringValue?.Trim() ?? string.Empty;
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var documents = await scope.ServiceProvider.GetRequiredService<IBriefingService>()
                    .ListSourcesAsync(ScopeId.ForGuild(guild.Value), cancellationToken).ConfigureAwait(false);
                // Matched and shown by the displayed source, so typing cannot probe the server's local paths either.
                choices.AddRange(documents
                    .Where(d => typed.Length == 0 || d.Title.Contains(typed, StringComparison.OrdinalIgnoreCase) || AnswerRenderer.DisplaySource(d.Source).Contains(typed, StringComparison.OrdinalIgnoreCase) || d.Id.Value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                    .OrderByDescending(d => d.IngestedAt)
                    .Take(Discord.Models.DiscordLimits.AutocompleteChoices)
                    .Select(d => new CommandChoice(AnswerRenderer.Trim($"{d.Title} — {AnswerRenderer.DisplaySource(d.Source)}", Discord.Models.DiscordLimits.ChoiceName), d.Id.Value)));
            }
        }

        await rest.CreateAutocompleteResponseAsync(interaction.Id, interaction.Token,
            new AutocompleteResponseParams(InteractionCallbackType.ApplicationCommandAutocompleteResult, new AutocompleteResultData(choices)), cancellationToken).ConfigureAwait(false);
    }

    private async Task ReplyNowAsync(InteractionCreateEvent interaction, string text, CancellationToken cancellationToken)
    {
        try
        {
            await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
                new InteractionResponseParams(InteractionCallbackType.ChannelMessageWithSource, AnswerRenderer.Text(text, ephemeral: true)), cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordRestException ex)
        {
            Log.ReplyFailed(logger, ex);
        }
    }

    /// <summary>
    /// Shows an error to the asker only. A public deferral cannot become ephemeral, so it is deleted and the
    /// error follows as an ephemeral follow-up; if that fails, the error replaces the deferral publicly.
    /// </summary>
    private async Task ShowErrorAsync(AppId application, string token, string error, bool deferredEphemeral, CancellationToken cancellationToken)
    {
        if (!deferredEphemeral)
        {
            try
            {
                await rest.DeleteOriginalResponseAsync(application, token, cancellationToken).ConfigureAwait(false);
                await rest.CreateFollowupMessageAsync(application, token, AnswerRenderer.Text(error, ephemeral: true), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DiscordRestException ex)
            {
                Log.ReplyFailed(logger, ex);
            }
        }

        await EditAsync(application, token, AnswerRenderer.Text(error), cancellationToken).ConfigureAwait(false);
    }

    private async Task EditAsync(AppId application, string token, MessageParams message, CancellationToken cancellationToken)
    {
        try
        {
            await rest.EditOriginalResponseAsync(application, token, message, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordRestException ex)
        {
            Log.ReplyFailed(logger, ex);
        }
    }
}
