using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Discord.Models;

/// <summary>Interaction types.</summary>
public enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    ApplicationCommandAutocomplete = 4,
    ModalSubmit = 5,
}

/// <summary>Interaction callback types.</summary>
public enum InteractionCallbackType
{
    Pong = 1,
    ChannelMessageWithSource = 4,
    DeferredChannelMessageWithSource = 5,
    DeferredUpdateMessage = 6,
    UpdateMessage = 7,
    ApplicationCommandAutocompleteResult = 8,
    Modal = 9,
}

/// <summary>Application command option types.</summary>
public enum CommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
    Channel = 7,
    Role = 8,
    Mentionable = 9,
    Number = 10,
    Attachment = 11,
}

/// <summary>A user.</summary>
public sealed record DiscordUser(UserId Id, string Username, bool? Bot = null, string? GlobalName = null);

/// <summary>A guild member, as carried by interactions (with <c>permissions</c> in the channel, and <c>roles</c>) and messages.</summary>
public sealed record GuildMember(DiscordUser? User = null, DiscordPermissions? Permissions = null, string? Nick = null, IReadOnlyList<RoleId>? Roles = null);

/// <summary>A file attached to a message or passed to an attachment option.</summary>
public sealed record DiscordAttachment(AttachmentId Id, string Filename, long Size, string Url, string? ContentType = null);

/// <summary>The <c>d</c> of INTERACTION_CREATE.</summary>
public sealed record InteractionCreateEvent(
    InteractionId Id,
    InteractionType Type,
    string Token,
    AppId? ApplicationId = null,
    InteractionData? Data = null,
    GuildId? GuildId = null,
    ChannelId? ChannelId = null,
    GuildMember? Member = null,
    DiscordUser? User = null,
    DiscordPermissions? AppPermissions = null,
    DiscordMessage? Message = null,
    DiscordChannel? Channel = null)
{
    /// <summary>The invoking user, in a guild (member.user) or a DM (user).</summary>
    public DiscordUser? Invoker => Member?.User ?? User;

    /// <summary>Never prints the interaction token, which grants 15 minutes of posting rights.</summary>
    public override string ToString() => $"Interaction {Id} ({Type}, {Data?.Name}) in guild {GuildId} channel {ChannelId}";
}

/// <summary>
/// The data of an interaction: a command's name, options and (message commands) <see cref="TargetId"/>; a component's
/// or modal's <see cref="CustomId"/> and (modals) the submitted <see cref="Components"/>.
/// </summary>
/// <param name="TargetId">The message a message command was used on (Briefer registers no user commands).</param>
public sealed record InteractionData(
    string? Name = null,
    CommandId? Id = null,
    int? Type = null,
    IReadOnlyList<InteractionOption>? Options = null,
    InteractionResolved? Resolved = null,
    MessageId? TargetId = null,
    string? CustomId = null,
    ComponentType? ComponentType = null,
    IReadOnlyList<Component>? Components = null)
{
    /// <summary>The subcommand used (<c>add</c> of <c>/digest add</c>), or null for a command without subcommands.</summary>
    [JsonIgnore]
    public string? Subcommand => Options is [{ Type: CommandOptionType.SubCommand } subcommand] ? subcommand.Name : null;

    /// <summary>The options the member filled in: the subcommand's when there is one, else the command's.</summary>
    [JsonIgnore]
    public IReadOnlyList<InteractionOption> LeafOptions =>
        Options is [{ Type: CommandOptionType.SubCommand } subcommand] ? subcommand.Options ?? [] : Options ?? [];
}

/// <summary>
/// An option value; <see cref="Value"/> is a string, number or boolean depending on the option type (a snowflake
/// string for channel options); a subcommand carries its own <see cref="Options"/>.
/// </summary>
public sealed record InteractionOption(
    string Name,
    CommandOptionType Type,
    JsonElement? Value = null,
    bool? Focused = null,
    IReadOnlyList<InteractionOption>? Options = null)
{
    /// <summary>The value as text (strings as they are, numbers and snowflakes as written).</summary>
    public string? StringValue => Value switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };
}

/// <summary>Objects an interaction's options refer to by id.</summary>
public sealed record InteractionResolved(
    IReadOnlyDictionary<string, DiscordAttachment>? Attachments = null,
    IReadOnlyDictionary<string, DiscordMessage>? Messages = null,
    IReadOnlyDictionary<string, DiscordChannel>? Channels = null);
