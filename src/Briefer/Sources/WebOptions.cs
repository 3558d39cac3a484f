using Microsoft.Extensions.Options;

namespace Briefer.Sources;

/// <summary>Settings of web-page fetching and re-sync (section <c>Web</c>).</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>The ports fetched when <see cref="AllowedPorts"/> is empty.</summary>
    public static readonly IReadOnlyList<int> DefaultPorts = [80, 443];

    /// <summary>The time limit for fetching one page, redirects included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ports a URL (or a redirect) may name; empty means 80 and 443.</summary>
    /// <remarks>An array without default elements, because the configuration binder appends to pre-filled lists.</remarks>
    public int[] AllowedPorts { get; set; } = [];

    /// <summary>
    /// Lets URLs reach loopback and every private network (an intranet wiki, a test server). Off by default: a member
    /// who can run /ingest must not be able to make the bot read internal services. Even on, link-local and cloud
    /// metadata addresses, multicast and unspecified addresses stay closed (<see cref="AddressReach.Never"/>).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Private networks URLs may reach, in CIDR form (<c>10.1.0.0/16</c>, <c>fd12::/16</c>): the narrow way to open an
    /// intranet, instead of <see cref="AllowPrivateNetworks"/>. Never opens what <see cref="AddressReach.Never"/> covers.
    /// </summary>
    public string[] AllowedNetworks { get; set; } = [];

    /// <summary>Redirects followed per fetch; each is checked like the first address.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>How often <c>run</c> re-fetches ingested web pages; zero turns the background sync off.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long a page that answers 404 or 410 stays (marked stale) before it is removed.</summary>
    public TimeSpan StaleGracePeriod { get; set; } = TimeSpan.FromDays(7);

    public IReadOnlyList<int> EffectivePorts => AllowedPorts.Length > 0 ? AllowedPorts : DefaultPorts;

    /// <summary>The networks of <see cref="AllowedNetworks"/> (the validator has refused any that do not parse).</summary>
    public IEnumerable<System.Net.IPNetwork> Networks()
    {
        foreach (var text in AllowedNetworks)
        {
            if (System.Net.IPNetwork.TryParse(text.Trim(), out var network))
            {
                yield return network;
            }
        }
    }
}

/// <summary>Checks <see cref="WebOptions"/> at start, naming the setting at fault.</summary>
public sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("Web:Timeout must be between 00:00:01 and 00:10:00, e.g. 00:00:30.");
        }

        if (options.AllowedPorts.Any(p => p is < 1 or > 65535))
        {
            failures.Add("Web:AllowedPorts must hold port numbers from 1 to 65535 (default: 80 and 443).");
        }

        foreach (var network in options.AllowedNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network.Trim(), out _))
            {
                failures.Add($"Web:AllowedNetworks must hold networks in CIDR form such as 10.1.0.0/16 or fd12::/16 (address bits past the prefix zero), not '{network}'.");
            }
        }

        if (options.MaxRedirects is < 0 or > 20)
        {
            failures.Add("Web:MaxRedirects must be between 0 and 20.");
        }

        if (options.SyncInterval < TimeSpan.Zero || (options.SyncInterval > TimeSpan.Zero && options.SyncInterval < TimeSpan.FromMinutes(1)))
        {
            failures.Add("Web:SyncInterval must be 00:00:00 (off) or at least 00:01:00, e.g. 06:00:00.");
        }

        if (options.StaleGracePeriod < TimeSpan.Zero)
        {
            failures.Add("Web:StaleGracePeriod must not be negative, e.g. 7.00:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
