using System.Security.Cryptography;
using System.Text;
using Briefer.Discord.Models;

namespace Briefer.Discord.Rest;

/// <summary>
/// One REST call as the rate limiter and the log see it. Discord keys a rate-limit bucket by its hash and the call's
/// major parameters (channel, guild, webhook id + token, interaction id + token), so two interactions never share a
/// bucket; the limiter keys on <see cref="Name"/> and <see cref="Major"/> together, while logs print only
/// <see cref="Name"/>.
/// </summary>
/// <param name="Name">The route template with its ids as placeholders (<c>POST /interactions/:id/:token/callback</c>): the log's name for the call, never a token.</param>
/// <param name="Major">The major parameters, with any token replaced by a short hash of it (empty for routes without one).</param>
/// <param name="Interaction">
/// Whether the route answers an interaction (its callback and the webhook routes its token opens). Discord does not
/// bind these to the bot's global rate limit, so a global pause or a busy second never holds an acknowledgement back.
/// </param>
internal readonly record struct RestRoute(string Name, string Major, bool Interaction)
{
    /// <summary>A route without major parameters (<c>GET /gateway/bot</c>).</summary>
    public static RestRoute Plain(string name) => new(name, string.Empty, Interaction: false);

    public static RestRoute ForChannel(string name, ChannelId channel) => new(name, "channel:" + channel, Interaction: false);

    public static RestRoute ForApplication(string name, AppId application, GuildId? guild) =>
        new(name, guild is { } g ? $"app:{application}:guild:{g}" : $"app:{application}", Interaction: false);

    /// <summary>Create Interaction Response: its own bucket per interaction.</summary>
    public static RestRoute ForInteraction(string name, InteractionId interaction, string token) =>
        new(name, $"interaction:{interaction}:{Hash(token)}", Interaction: true);

    /// <summary>The webhook routes an interaction token opens (original response, follow-ups): per webhook id and token.</summary>
    public static RestRoute ForInteractionWebhook(string name, AppId application, string token) =>
        new(name, $"webhook:{application}:{Hash(token)}", Interaction: true);

    /// <summary>The first 8 bytes of the token's SHA-256, in hex: distinct per token, and safe to keep in memory dumps and keys.</summary>
    internal static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)).AsSpan(0, 8));

    public override string ToString() => Name;
}
