using System.Globalization;

namespace Briefer.Core.Documents;

/// <summary>An opaque channel id a document can be scoped to (for the bot, a Discord channel snowflake).</summary>
public readonly record struct AudienceChannelId(ulong Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An opaque role id a document can be scoped to (for the bot, a Discord role snowflake).</summary>
public readonly record struct AudienceRoleId(ulong Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>How a document's visibility is scoped.</summary>
public enum VisibilityKind
{
    /// <summary>Every reader of the scope.</summary>
    Everyone,

    /// <summary>Whoever may read one channel.</summary>
    Channel,

    /// <summary>Whoever holds at least one of a set of roles.</summary>
    Roles,
}

/// <summary>
/// Who may read a document: everyone in its scope, the readers of one channel, or the holders of any of a set of roles.
/// Stored with the document and on every chunk as <see cref="Key"/>, and filtered on as <see cref="Tokens"/>: a reader
/// may read the document when their <see cref="ReaderAudience"/> holds any of its tokens.
/// </summary>
public sealed class Visibility : IEquatable<Visibility>
{
    private const string EveryoneKey = "everyone";
    private const string ChannelPrefix = "channel:";
    private const string RolePrefix = "role:";

    /// <summary>The default: every reader of the scope (also what documents stored before visibility existed are).</summary>
    public static readonly Visibility Everyone = new(VisibilityKind.Everyone, null, []);

    private Visibility(VisibilityKind kind, AudienceChannelId? channel, AudienceRoleId[] roles)
    {
        Kind = kind;
        Channel = channel;
        Roles = roles;
        Tokens = kind switch
        {
            VisibilityKind.Everyone => [EveryoneToken],
            VisibilityKind.Channel => [ChannelToken(channel!.Value)],
            _ => [.. roles.Select(RoleToken)],
        };
        Key = string.Join(',', Tokens);
    }

    /// <summary>The token every reader holds.</summary>
    public const string EveryoneToken = EveryoneKey;

    public VisibilityKind Kind { get; }

    /// <summary>The channel, for <see cref="VisibilityKind.Channel"/>.</summary>
    public AudienceChannelId? Channel { get; }

    /// <summary>The roles (ascending, distinct), for <see cref="VisibilityKind.Roles"/>.</summary>
    public IReadOnlyList<AudienceRoleId> Roles { get; }

    /// <summary>What a reader must hold one of: <c>everyone</c>, <c>channel:&lt;id&gt;</c> or each <c>role:&lt;id&gt;</c>.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The canonical stored form, the tokens joined by commas: <c>everyone</c>, <c>channel:1</c>, <c>role:2,role:3</c>.</summary>
    public string Key { get; }

    public bool IsEveryone => Kind == VisibilityKind.Everyone;

    public static Visibility ForChannel(AudienceChannelId channel) => new(VisibilityKind.Channel, channel, []);

    public static Visibility ForRoles(IEnumerable<AudienceRoleId> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var sorted = roles.Distinct().OrderBy(r => r.Value).ToArray();
        return sorted.Length == 0
            ? throw new ArgumentException("A role visibility needs at least one role.", nameof(roles))
            : new(VisibilityKind.Roles, null, sorted);
    }

    public static string ChannelToken(AudienceChannelId channel) => ChannelPrefix + channel;

    public static string RoleToken(AudienceRoleId role) => RolePrefix + role;

    /// <summary>
    /// Parses <c>everyone</c>, <c>channel:&lt;id&gt;</c> or <c>role:&lt;id&gt;[,role:&lt;id&gt;…]</c> (what <see cref="Key"/>
    /// writes and the CLI's <c>--visible-to</c> takes); the error says what is wrong.
    /// </summary>
    public static bool TryParse(string? text, out Visibility visibility, out string? error)
    {
        visibility = Everyone;
        error = null;
        var parts = (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1 && parts[0].Equals(EveryoneKey, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (parts.Length == 1 && parts[0].StartsWith(ChannelPrefix, StringComparison.OrdinalIgnoreCase) && TryId(parts[0][ChannelPrefix.Length..], out var channel))
        {
            visibility = ForChannel(new AudienceChannelId(channel));
            return true;
        }

        var roles = new List<AudienceRoleId>();
        foreach (var part in parts)
        {
            if (!part.StartsWith(RolePrefix, StringComparison.OrdinalIgnoreCase) || !TryId(part[RolePrefix.Length..], out var role))
            {
                roles.Clear();
                break;
            }

            roles.Add(new AudienceRoleId(role));
        }

        if (roles.Count > 0)
        {
            visibility = ForRoles(roles);
            return true;
        }

        error = $"'{text}' is not a visibility: use 'everyone', 'channel:<id>' or 'role:<id>[,role:<id>…]' with numeric ids.";
        return false;
    }

    /// <summary>Parses a stored <see cref="Key"/>; a damaged one reads as nobody's rather than everyone's.</summary>
    public static Visibility FromKey(string? key) =>
        key is null or EveryoneKey ? Everyone : TryParse(key, out var parsed, out _) ? parsed : ForRoles([new AudienceRoleId(0)]);

    public bool Equals(Visibility? other) => other is not null && Key == other.Key;

    public override bool Equals(object? obj) => Equals(obj as Visibility);

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Key;

    private static bool TryId(string text, out ulong id) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}

/// <summary>
/// Who will read an answer, as the store filters on it: the channels and roles every one of those readers may see, or
/// <see cref="Everything"/> for the operator. A document is readable when the audience holds any of its
/// <see cref="Visibility.Tokens"/>; every audience holds <c>everyone</c>.
/// </summary>
public sealed class ReaderAudience
{
    /// <summary>The operator (command line): every document of the scope.</summary>
    public static readonly ReaderAudience Everything = new(true, [], []);

    /// <summary>Only documents visible to everyone: the safe default when nothing else is known.</summary>
    public static readonly ReaderAudience EveryoneOnly = new(false, [], []);

    private ReaderAudience(bool seesEverything, IEnumerable<AudienceChannelId> channels, IEnumerable<AudienceRoleId> roles)
    {
        SeesEverything = seesEverything;
        Channels = channels.ToHashSet();
        Roles = roles.ToHashSet();
        Tokens = [Visibility.EveryoneToken, .. Channels.OrderBy(c => c.Value).Select(Visibility.ChannelToken), .. Roles.OrderBy(r => r.Value).Select(Visibility.RoleToken)];
    }

    public bool SeesEverything { get; }

    public IReadOnlySet<AudienceChannelId> Channels { get; }

    public IReadOnlySet<AudienceRoleId> Roles { get; }

    /// <summary><c>everyone</c>, then <c>channel:&lt;id&gt;</c> per channel and <c>role:&lt;id&gt;</c> per role.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public static ReaderAudience Of(IEnumerable<AudienceChannelId> channels, IEnumerable<AudienceRoleId> roles) =>
        new(false, channels ?? throw new ArgumentNullException(nameof(channels)), roles ?? throw new ArgumentNullException(nameof(roles)));

    /// <summary>True when these readers may read a document of <paramref name="visibility"/>.</summary>
    public bool CanSee(Visibility visibility)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        return SeesEverything || visibility.Kind switch
        {
            VisibilityKind.Everyone => true,
            VisibilityKind.Channel => Channels.Contains(visibility.Channel!.Value),
            _ => visibility.Roles.Any(Roles.Contains),
        };
    }

    public override string ToString() => SeesEverything ? "everything" : string.Join(',', Tokens);
}
