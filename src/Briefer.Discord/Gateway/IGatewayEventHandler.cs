using Briefer.Discord.Models;

namespace Briefer.Discord.Gateway;

/// <summary>
/// Receives gateway dispatches. Calls are started without waiting for the previous one to finish, so a slow
/// handler never holds up heartbeats or other events; an exception is logged and the gateway carries on.
/// </summary>
public interface IGatewayEventHandler
{
    Task OnReadyAsync(ReadyEvent ready, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <param name="receivedAt">The <see cref="TimeProvider.GetTimestamp"/> at which the frame was read, for latency metrics.</param>
    Task OnInteractionCreateAsync(InteractionCreateEvent interaction, long receivedAt, CancellationToken cancellationToken) => Task.CompletedTask;

    Task OnMessageCreateAsync(MessageCreateEvent message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>GUILD_CREATE/DELETE, GUILD_ROLE_*, CHANNEL_*, THREAD_* and GUILD_MEMBER_UPDATE, for the guild cache (<c>Guilds.GuildCache</c>).</summary>
    Task OnGuildStateAsync(GuildStateEvent change, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Discord refused <c>Discord:OptionalIntents</c> (close 4014); the bot reconnects and runs without <paramref name="refused"/>.</summary>
    Task OnIntentsRefusedAsync(GatewayIntents refused, CancellationToken cancellationToken) => Task.CompletedTask;
}
