using System.Text.Json;
using Briefer.Discord.Models;
using Microsoft.Extensions.Logging;

namespace Briefer.Discord.Gateway;

/// <summary>
/// Hands gateway dispatches to the <see cref="IGatewayEventHandler"/>s: reads each event's <c>d</c> into its payload and
/// starts every handler without waiting (a slow handler never holds up heartbeats or the next event); a handler's
/// exception is logged and the gateway carries on. The connection's own events (READY's session, RESUMED) stay with
/// <see cref="DiscordGatewayClient"/>.
/// </summary>
internal sealed class GatewayDispatcher(IEnumerable<IGatewayEventHandler> handlers, ILogger logger)
{
    private readonly IGatewayEventHandler[] _handlers = handlers.ToArray();

    public void Ready(ReadyEvent ready, CancellationToken cancellationToken) => Fan(h => h.OnReadyAsync(ready, cancellationToken), "READY");

    /// <summary>Privileged intents Discord refused (close 4014) and the bot now runs without.</summary>
    public void IntentsRefused(GatewayIntents refused, CancellationToken cancellationToken) => Fan(h => h.OnIntentsRefusedAsync(refused, cancellationToken), "INTENTS_REFUSED");

    /// <param name="receivedAt">The <see cref="TimeProvider.GetTimestamp"/> at which the frame was read.</param>
    public void Dispatch(string? eventName, JsonElement data, long receivedAt, CancellationToken cancellationToken)
    {
        switch (eventName)
        {
            case "INTERACTION_CREATE":
                var interaction = data.Deserialize(DiscordJsonContext.Default.InteractionCreateEvent)!;
                Fan(h => h.OnInteractionCreateAsync(interaction, receivedAt, cancellationToken), eventName);
                break;
            case "MESSAGE_CREATE":
                var message = data.Deserialize(DiscordJsonContext.Default.MessageCreateEvent)!;
                Fan(h => h.OnMessageCreateAsync(message, cancellationToken), eventName);
                break;
            default:
                // THREAD_CREATE (with newly_created, applied_tags, owner_id) reaches handlers as a guild-state change.
                if (GuildStateEvent.Read(eventName, data) is { } change)
                {
                    Fan(h => h.OnGuildStateAsync(change, cancellationToken), eventName!);
                }

                break;
        }
    }

    private void Fan(Func<IGatewayEventHandler, Task> call, string eventName)
    {
        foreach (var handler in _handlers)
        {
            _ = RunHandlerAsync(handler, call, eventName);
        }
    }

    private async Task RunHandlerAsync(IGatewayEventHandler handler, Func<IGatewayEventHandler, Task> call, string eventName)
    {
        try
        {
            await call(handler).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The top of the event loop: one bad event must not stop the gateway.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.GatewayHandlerFailed(logger, eventName, ex);
        }
    }
}
