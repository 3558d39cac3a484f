using Briefer.Discord.Models;

namespace Briefer.Discord.Gateway;

/// <summary>
/// What READY told us about ourselves, shared with handlers (which cannot depend on the gateway client,
/// since the gateway depends on them).
/// </summary>
public sealed class GatewaySession
{
    private volatile DiscordUser? _currentUser;
    private AppId? _applicationId;
    private readonly Lock _gate = new();

    /// <summary>
    /// Optional privileged intents (<c>Discord:OptionalIntents</c>) Discord refused with close 4014: the bot runs without
    /// them. <see cref="GatewayIntents.None"/> while nothing was refused.
    /// </summary>
    public GatewayIntents RefusedIntents { get; internal set; }

    /// <summary>The bot's own user, known after READY.</summary>
    public DiscordUser? CurrentUser => _currentUser;

    /// <summary>The application id, known after READY.</summary>
    public AppId? ApplicationId
    {
        get
        {
            lock (_gate)
            {
                return _applicationId;
            }
        }
    }

    internal void OnReady(ReadyEvent ready)
    {
        lock (_gate)
        {
            _applicationId = ready.Application.Id;
        }

        _currentUser = ready.User;
    }
}

/// <summary>Where the gateway connection stands (see <see cref="DiscordGatewayClient.State"/>).</summary>
public enum GatewayConnectionState
{
    /// <summary>The gateway service has not started.</summary>
    NotStarted,

    /// <summary>Asking Discord for the gateway URL, or connecting for the first time.</summary>
    Connecting,

    /// <summary>READY or RESUMED received: events flow.</summary>
    Connected,

    /// <summary>The connection dropped; waiting to resume or identify again.</summary>
    Reconnecting,

    /// <summary>Stopped for good (a fatal close code, or a crash); the host is stopping.</summary>
    Stopped,
}
