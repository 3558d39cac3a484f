using Briefer.Discord;
using Briefer.Discord.Gateway;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.Pipeline;

/// <summary>
/// On the first READY, compares the registered commands with the <see cref="CommandCatalog"/>'s definitions and bulk-overwrites
/// them only when they differ: globally, or for <c>Discord:DevGuildId</c> (instant, for testing).
/// </summary>
internal sealed class CommandRegistrar(DiscordRestClient rest, CommandCatalog catalog, IOptions<DiscordOptions> options, ILogger<CommandRegistrar> logger) : IGatewayEventHandler
{
    private int _done;

    /// <summary>Completes when registration has been checked (for tests and readiness).</summary>
    public TaskCompletionSource Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task OnReadyAsync(ReadyEvent ready, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _done, 1) == 1)
        {
            return;
        }

        var guild = options.Value.DevGuildId is { } id ? new GuildId(id) : (GuildId?)null;
        var scope = guild is { } g ? $"guild {g}" : "global";
        try
        {
            var existing = await rest.GetCommandsAsync(ready.Application.Id, guild, cancellationToken).ConfigureAwait(false);
            if (CommandCatalog.Fingerprint(existing) == CommandCatalog.Fingerprint(catalog.Definitions))
            {
                Log.CommandsUpToDate(logger, scope);
            }
            else
            {
                var registered = await rest.BulkOverwriteCommandsAsync(ready.Application.Id, guild, catalog.Definitions, cancellationToken).ConfigureAwait(false);
                Log.CommandsRegistered(logger, registered.Count, scope);
            }

            Completed.TrySetResult();
        }
        catch (Exception ex) when (ex is DiscordRestException or HttpRequestException)
        {
            // Existing commands keep working; the next start tries again.
            Interlocked.Exchange(ref _done, 0);
            Log.CommandRegistrationFailed(logger, ex);
            Completed.TrySetException(ex);
        }
    }
}
