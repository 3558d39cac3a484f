namespace Briefer.Discord;

/// <summary>
/// An error that must stop the bot: configuration has to change before it can work. Thrown by the gateway (a fatal
/// close code) and by the REST client (a rejected token), so it belongs to the client as a whole, not to either side.
/// </summary>
public sealed class DiscordFatalException : Exception
{
    public DiscordFatalException()
    {
    }

    public DiscordFatalException(string message)
        : base(message)
    {
    }

    public DiscordFatalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
