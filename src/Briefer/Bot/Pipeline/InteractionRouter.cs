using Briefer.Answers;
using Briefer.Core.Documents;
using Briefer.Discord.Gateway;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.Pipeline;

/// <summary>
/// Turns INTERACTION_CREATE (slash and message commands, buttons, modals) into <see cref="BotRequest"/>s for the
/// <see cref="BotResponder"/>, and answers autocomplete itself (it must answer with choices, never defer). A custom
/// id that is not one the bot makes, or names no command, gets an immediate private "no longer works".
/// </summary>
internal sealed class InteractionRouter(
    CommandCatalog catalog,
    BotResponder responder,
    DiscordRestClient rest,
    GatewaySession gateway,
    IServiceScopeFactory scopes,
    IOptions<BotOptions> options,
    ILogger<InteractionRouter> logger) : IGatewayEventHandler
{
    public const string StaleComponent = "This button no longer works (Briefer was updated since). Ask again to get a fresh answer.";

    public async Task OnInteractionCreateAsync(InteractionCreateEvent interaction, long receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        using var logScope = logger.BeginScope(new Dictionary<string, object?> { ["GuildId"] = interaction.GuildId?.Value, ["ChannelId"] = interaction.ChannelId?.Value, ["InteractionId"] = interaction.Id.Value });
        if (interaction.Data is not { } data)
        {
            return;
        }

        BotRequestKind kind;
        string name;
        IReadOnlyList<string> arguments = [];
        DiscordMessage? target = null;
        switch (interaction.Type)
        {
            case InteractionType.ApplicationCommandAutocomplete:
                await AutocompleteAsync(interaction, data, receivedAt, cancellationToken).ConfigureAwait(false);
                return;
            case InteractionType.ApplicationCommand when data.Type == ApplicationCommandTypes.Message:
                kind = BotRequestKind.MessageCommand;
                name = data.Name ?? string.Empty;
                target = data.TargetId is { } targetId && data.Resolved?.Messages?.TryGetValue(targetId.ToString(), out var message) == true ? message : null;
                break;
            case InteractionType.ApplicationCommand:
                kind = BotRequestKind.SlashCommand;
                name = data.Name ?? string.Empty;
                break;
            case InteractionType.MessageComponent or InteractionType.ModalSubmit:
                kind = interaction.Type == InteractionType.MessageComponent ? BotRequestKind.Button : BotRequestKind.Modal;
                if (!CustomIds.TryParse(data.CustomId, out name, out arguments))
                {
                    Log.BadCustomId(logger, interaction.Type.ToString());
                    await ReplyNowAsync(interaction, StaleComponent, cancellationToken).ConfigureAwait(false);
                    return;
                }

                target = interaction.Message;
                break;
            default:
                return;
        }

        var request = CreateRequest(interaction, kind, name, receivedAt) with
        {
            Data = data,
            Target = target,
            Arguments = arguments,
            Fields = (data.Components ?? []).SelectMany(c => c.Values()).Where(v => v.Value is not null).DistinctBy(v => v.CustomId).ToDictionary(v => v.CustomId, v => v.Value!),
            ChannelInfo = interaction.Channel,
        };
        if (catalog.Find(kind, name) is not { } command)
        {
            await ReplyNowAsync(interaction, kind is BotRequestKind.Button or BotRequestKind.Modal ? StaleComponent : $"Briefer does not know {BotResponder.Describe(request)}.", cancellationToken).ConfigureAwait(false);
            return;
        }

        await responder.RespondAsync(request, command, cancellationToken).ConfigureAwait(false);
    }

    private BotRequest CreateRequest(InteractionCreateEvent interaction, BotRequestKind kind, string name, long receivedAt)
    {
        ScopeId? scope = interaction.GuildId is { } guild ? ScopeId.ForGuild(guild.Value)
            : ScopeId.TryParse(options.Value.DmScope, out var dmScope, out _) ? dmScope : null;
        var application = interaction.ApplicationId ?? gateway.ApplicationId ?? default;
        return new BotRequest(kind, name, interaction.GuildId, interaction.ChannelId ?? default, scope,
            new BotAsker(interaction.Invoker?.Id ?? default, interaction.Member?.Permissions) { Roles = interaction.Member?.Roles },
            new InteractionReplyTarget(interaction.Id, application, interaction.Token), receivedAt);
    }

    private async Task AutocompleteAsync(InteractionCreateEvent interaction, InteractionData data, long receivedAt, CancellationToken cancellationToken)
    {
        var choices = new List<CommandChoice>();
        var request = CreateRequest(interaction, BotRequestKind.SlashCommand, data.Name ?? string.Empty, receivedAt) with { Data = data };
        if (request.Scope is not null && request.Guild is not null
            && catalog.Find(BotRequestKind.SlashCommand, request.Route) is { } command and IBotAutocomplete autocomplete
            && (!command.Policy.AdminOnly || request.Asker.IsAdmin))
        {
            var typed = data.LeafOptions.FirstOrDefault(o => o.Focused == true)?.StringValue?.Trim() ?? string.Empty;
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                choices.AddRange(await autocomplete.SuggestAsync(request, typed, scope.ServiceProvider, cancellationToken).ConfigureAwait(false));
            }
        }

        await rest.CreateAutocompleteResponseAsync(interaction.Id, interaction.Token,
            new AutocompleteResponseParams(InteractionCallbackType.ApplicationCommandAutocompleteResult, new AutocompleteResultData(choices.Take(DiscordLimits.AutocompleteChoices).ToList())), cancellationToken).ConfigureAwait(false);
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
}
