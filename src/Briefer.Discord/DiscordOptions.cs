using Briefer.Discord.Gateway;
using Microsoft.Extensions.Options;

namespace Briefer.Discord;

/// <summary>
/// The transport's settings under <c>Discord:</c>: token, REST URL, command registration scope and gateway intents.
/// (The bot's policy — DM scope, rate limits, queue, downloads — is the app's <c>BotOptions</c>, in the same section.)
/// Members are settable with defaults rather than <c>required</c>, because
/// the options binder creates the instance with <c>new()</c>; <see cref="DiscordOptionsValidator"/> does the
/// checking at start instead, naming the setting that is wrong.
/// </summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    /// <summary>The bot token; from <c>Discord:Token</c> or the <c>DISCORD_TOKEN</c> environment variable. Never logged.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>REST base URL; tests point it at loopback.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://discord.com/api/v10");

    /// <summary>When set, commands are registered for this guild only (instant), instead of globally.</summary>
    public ulong? DevGuildId { get; set; }

    /// <summary>Gateway intents. The default needs no privileged intent: slash commands, mentions and DMs work.</summary>
    public GatewayIntents Intents { get; set; } = GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.DirectMessages;

    /// <summary>Deliberately omits the token.</summary>
    public override string ToString() => $"Discord options (api {ApiBaseUrl}, dev guild {DevGuildId}, intents {Intents})";
}

/// <summary>Checks <see cref="DiscordOptions"/> at start, naming the setting at fault.</summary>
public sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            failures.Add("Discord:Token is not set: export DISCORD_TOKEN=<bot token from the Developer Portal> (or set Discord:Token in user-secrets).");
        }
        else if (options.Token.Any(char.IsWhiteSpace) || options.Token.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("Discord:Token must be the bare token, without spaces or a 'Bot ' prefix.");
        }

        if (options.ApiBaseUrl is not { IsAbsoluteUri: true } || (options.ApiBaseUrl.Scheme != Uri.UriSchemeHttps && options.ApiBaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Discord:ApiBaseUrl must be an absolute http(s) URL, e.g. https://discord.com/api/v10.");
        }

        if (options.DevGuildId == 0)
        {
            failures.Add("Discord:DevGuildId must be a guild id (right-click the server > Copy Server ID), or unset.");
        }

        if (options.Intents == GatewayIntents.None)
        {
            failures.Add("Discord:Intents must include at least Guilds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
