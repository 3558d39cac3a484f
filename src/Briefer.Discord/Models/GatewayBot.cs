namespace Briefer.Discord.Models;

/// <summary>
/// GET /gateway/bot: where to connect and how many shards to run. A REST response the gateway reads, so it lives with
/// the payloads both use rather than in either.
/// </summary>
public sealed record GatewayBotResponse(string Url, int Shards, SessionStartLimit? SessionStartLimit = null);

/// <summary>Identify budget.</summary>
public sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency);
