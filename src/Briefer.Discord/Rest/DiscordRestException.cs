using System.Net;

namespace Briefer.Discord.Rest;

/// <summary>Discord's JSON error body (also the 429 body).</summary>
public sealed record DiscordErrorBody(int? Code = null, string? Message = null, double? RetryAfter = null, bool? Global = null);

/// <summary>
/// A REST call Discord refused. <see cref="Code"/> is Discord's JSON error code (e.g. 10062 Unknown interaction,
/// 50013 Missing Permissions) when it sent one. The message names the route template, never the token or URL.
/// </summary>
public sealed class DiscordRestException : Exception
{
    public DiscordRestException()
    {
    }

    public DiscordRestException(string message)
        : base(message)
    {
    }

    public DiscordRestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordRestException(HttpStatusCode status, int? code, string route, string? discordMessage)
        : base($"Discord refused {route}: {(int)status} {status}{(code is null ? string.Empty : $", code {code}")}: {discordMessage}")
    {
        Status = status;
        Code = code;
        Route = route;
    }

    public HttpStatusCode Status { get; }

    public int? Code { get; }

    public string? Route { get; }

    /// <summary>Discord's code for an interaction that expired or was already answered.</summary>
    public const int UnknownInteraction = 10062;
}
