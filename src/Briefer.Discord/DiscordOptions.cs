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

    /// <summary>
    /// Intents requested when Discord allows them: when the gateway closes with 4014 (a privileged intent not enabled in
    /// the Developer Portal), the bot identifies again without them and logs one warning, instead of stopping. The app
    /// adds <see cref="GatewayIntents.MessageContent"/> here when automatic answers are configured.
    /// </summary>
    public GatewayIntents OptionalIntents { get; set; }

    /// <summary>
    /// How many gateway shards the bot runs in all (across every process); unset means the number Discord recommends in
    /// <c>GET /gateway/bot</c>. Discord requires at least one shard per 2,500 servers.
    /// </summary>
    public int? ShardCount { get; set; }

    /// <summary>
    /// The shards this process runs, as one id (<c>3</c>) or an inclusive range (<c>0-7</c>); unset means all of them.
    /// For running shards across processes or pods, each with its own range.
    /// </summary>
    public string? ShardIds { get; set; }

    /// <summary>
    /// The thread pool's floor of worker threads the bot raises at start (never lowers); unset means
    /// <see cref="ThreadPoolFloor.Automatic"/>. Below the floor the pool adds a thread the moment work waits; above it,
    /// only about two a second. Without a floor, work that keeps every core's pool thread busy (an ingest's
    /// extraction, a large SQLite query) holds back heartbeats and interaction acknowledgements for seconds: a burst
    /// of 50 <c>/ask</c> waited 4.2 s on 2 busy cores, past Discord's 3 s deadline.
    /// </summary>
    public int? MinWorkerThreads { get; set; }

    /// <summary>Deliberately omits the token.</summary>
    public override string ToString() => $"Discord options (api {ApiBaseUrl}, dev guild {DevGuildId}, intents {Intents}, shards {ShardIds ?? "all"} of {ShardCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "recommended"})";
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

        if (options.ShardCount is < 1 or > 100_000)
        {
            failures.Add("Discord:ShardCount must be at least 1 (one shard per 2,500 servers at most), or unset to use Discord's recommendation.");
        }

        if (options.ShardIds is { Length: > 0 } shardIds)
        {
            if (!ShardRange.TryParse(shardIds, out var range))
            {
                failures.Add($"Discord:ShardIds '{shardIds}' is not {ShardRange.Help}.");
            }
            else if (options.ShardCount is { } count && range.Last >= count)
            {
                failures.Add($"Discord:ShardIds '{shardIds}' goes past Discord:ShardCount {count}: shard ids run from 0 to {count - 1}.");
            }
        }

        if (options.MinWorkerThreads is < 1 or > ThreadPoolFloor.Maximum)
        {
            failures.Add($"Discord:MinWorkerThreads must be between 1 and {ThreadPoolFloor.Maximum}, or unset for {ThreadPoolFloor.Automatic} on this machine.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
