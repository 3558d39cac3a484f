using Briefer.Core.Documents;
using Microsoft.Extensions.Options;

namespace Briefer.Bot;

/// <summary>
/// The bot's policy settings: who it answers where, how often, how much at once, and what it downloads. They share the
/// <c>Discord:</c> section with the transport's <see cref="Discord.DiscordOptions"/> (token, URL, intents), so the
/// settings keep their names; the Discord client itself knows nothing of them.
/// </summary>
public sealed class BotOptions
{
    public const string Section = "Discord";

    /// <summary>The default CDN hosts attachments may be downloaded from.</summary>
    public static readonly IReadOnlyList<string> DefaultAttachmentHosts = ["cdn.discordapp.com", "media.discordapp.net"];

    /// <summary>Hosts attachments may be downloaded from; empty means <see cref="DefaultAttachmentHosts"/>.</summary>
    /// <remarks>An array without default elements, because the configuration binder appends to pre-filled lists.</remarks>
    public string[] AttachmentHosts { get; set; } = [];

    /// <summary>
    /// The document scope DMs are answered from; unset means DMs get an explanation instead. Anyone who can DM
    /// the bot can read that scope's documents.
    /// </summary>
    public string? DmScope { get; set; }

    /// <summary>How many questions one user may ask per <see cref="UserRateLimitWindow"/> (and at once).</summary>
    public int UserRateLimit { get; set; } = 5;

    public TimeSpan UserRateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests waiting for a worker; beyond this, askers are told the bot is busy.</summary>
    public int QueueCapacity { get; set; } = 200;

    /// <summary>Requests worked on at the same time.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>The time limit for downloading an attachment (web pages: <c>Web:Timeout</c>; the size limit is <c>Ingestion:MaxDocumentBytes</c>).</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> EffectiveAttachmentHosts => AttachmentHosts.Length > 0 ? AttachmentHosts : DefaultAttachmentHosts;
}

/// <summary>Checks <see cref="BotOptions"/> at start, naming the setting at fault.</summary>
public sealed class BotOptionsValidator : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.UserRateLimit < 1 || options.UserRateLimitWindow <= TimeSpan.Zero)
        {
            failures.Add("Discord:UserRateLimit must be at least 1 and Discord:UserRateLimitWindow positive.");
        }

        if (options.QueueCapacity < 1 || options.MaxConcurrency < 1)
        {
            failures.Add("Discord:QueueCapacity and Discord:MaxConcurrency must be at least 1.");
        }

        if (options.DownloadTimeout <= TimeSpan.Zero)
        {
            failures.Add("Discord:DownloadTimeout must be positive, e.g. 00:00:30.");
        }

        if (options.AttachmentHosts.Any(h => Uri.CheckHostName(h.Split(':')[0]) == UriHostNameType.Unknown))
        {
            failures.Add("Discord:AttachmentHosts must be host names (optionally host:port), e.g. cdn.discordapp.com.");
        }

        if (options.DmScope is { Length: > 0 } dmScope && !ScopeId.TryParse(dmScope, out _, out _))
        {
            failures.Add($"Discord:DmScope '{dmScope}' is not a valid scope: use 1-64 letters, digits, '.', '_' or '-' (e.g. a guild id), or leave it unset.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
