using System.Threading.Channels;
using Briefer.Discord.Gateway;
using Briefer.Discord.Models;

namespace Briefer.Discord.Tests.Fakes;

/// <summary>A gateway handler that records what it is given.</summary>
public sealed class GatewayRecorder : IGatewayEventHandler
{
    public Channel<ReadyEvent> Ready { get; } = Channel.CreateUnbounded<ReadyEvent>();

    public Channel<InteractionCreateEvent> Interactions { get; } = Channel.CreateUnbounded<InteractionCreateEvent>();

    public Channel<MessageCreateEvent> Messages { get; } = Channel.CreateUnbounded<MessageCreateEvent>();

    public Task OnReadyAsync(ReadyEvent ready, CancellationToken cancellationToken) => Ready.Writer.WriteAsync(ready, cancellationToken).AsTask();

    public Task OnInteractionCreateAsync(InteractionCreateEvent interaction, long receivedAt, CancellationToken cancellationToken) =>
        Interactions.Writer.WriteAsync(interaction, cancellationToken).AsTask();

    public Task OnMessageCreateAsync(MessageCreateEvent message, CancellationToken cancellationToken) => Messages.Writer.WriteAsync(message, cancellationToken).AsTask();
}
