namespace Briefer.Discord.Models;

/// <summary>Message and modal component types Briefer uses.</summary>
public enum ComponentType
{
    ActionRow = 1,
    Button = 2,
    StringSelect = 3,
    TextInput = 4,
    TextDisplay = 10,
    Label = 18,
}

/// <summary>Button styles.</summary>
public enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
    Link = 5,
}

/// <summary>Text input styles.</summary>
public enum TextInputStyle
{
    Short = 1,
    Paragraph = 2,
}

/// <summary>The emoji of a button (a Unicode emoji by name).</summary>
public sealed record ComponentEmoji(string Name);

/// <summary>
/// A component, outbound (buttons in action rows, a text input inside a label in a modal) and inbound (the values a
/// modal submit carries). One shape for all types, as Discord's JSON is; unused fields stay null and are not sent.
/// </summary>
/// <param name="Style">A <see cref="ButtonStyle"/> for buttons, a <see cref="TextInputStyle"/> for text inputs.</param>
/// <param name="Components">The children of an action row.</param>
/// <param name="Child">The child of a label (<c>component</c> on the wire).</param>
public sealed record Component(
    ComponentType Type,
    string? CustomId = null,
    int? Style = null,
    string? Label = null,
    ComponentEmoji? Emoji = null,
    string? Url = null,
    bool? Disabled = null,
    string? Placeholder = null,
    bool? Required = null,
    int? MinLength = null,
    int? MaxLength = null,
    string? Value = null,
    string? Description = null,
    IReadOnlyList<Component>? Components = null,
    [property: System.Text.Json.Serialization.JsonPropertyName("component")] Component? Child = null)
{
    /// <summary>A button that sends <paramref name="customId"/> back when clicked.</summary>
    public static Component Button(string customId, string label, ButtonStyle style = ButtonStyle.Secondary, string? emoji = null) =>
        new(ComponentType.Button, CustomId: customId, Style: (int)style, Label: label, Emoji: emoji is null ? null : new ComponentEmoji(emoji));

    /// <summary>A row of up to five buttons.</summary>
    public static Component Row(params Component[] components) => new(ComponentType.ActionRow, Components: components);

    /// <summary>A labelled text input for a modal.</summary>
    public static Component TextInput(string customId, string label, TextInputStyle style, bool required, int maxLength, string? placeholder = null, string? description = null) =>
        new(ComponentType.Label, Label: label, Description: description,
            Child: new Component(ComponentType.TextInput, CustomId: customId, Style: (int)style, Required: required, MaxLength: maxLength, Placeholder: placeholder));

    /// <summary>Every (custom_id, value) pair in this component and its children (a modal submit's answers).</summary>
    public IEnumerable<(string CustomId, string? Value)> Values()
    {
        if (Type == ComponentType.TextInput && CustomId is not null)
        {
            yield return (CustomId, Value);
        }

        foreach (var child in (Components ?? []).Append(Child).OfType<Component>())
        {
            foreach (var value in child.Values())
            {
                yield return value;
            }
        }
    }
}

/// <summary>The data of a MODAL (type 9) interaction response.</summary>
public sealed record ModalData(string CustomId, string Title, IReadOnlyList<Component> Components);

/// <summary>Body of a modal interaction response.</summary>
public sealed record ModalResponseParams(InteractionCallbackType Type, ModalData Data);

/// <summary>A channel, as Start Thread returns it and as interactions carry it (the fields Briefer reads).</summary>
/// <param name="PermissionOverwrites">The channel's overwrites (guild channels; threads have none and follow their parent).</param>
/// <param name="AvailableTags">A forum or media channel's tags (at most 20).</param>
/// <param name="AppliedTags">A forum post's tags (at most 5).</param>
/// <param name="OwnerId">A thread's creator (a forum post's poster).</param>
/// <param name="NewlyCreated">THREAD_CREATE only: true when the thread was just created (not when the bot was added to it).</param>
public sealed record DiscordChannel(
    ChannelId Id,
    int? Type = null,
    GuildId? GuildId = null,
    string? Name = null,
    ChannelId? ParentId = null,
    IReadOnlyList<PermissionOverwrite>? PermissionOverwrites = null,
    IReadOnlyList<ForumTag>? AvailableTags = null,
    IReadOnlyList<TagId>? AppliedTags = null,
    UserId? OwnerId = null,
    bool? NewlyCreated = null)
{
    /// <summary>Channel types 10, 11 and 12 are threads.</summary>
    public bool IsThread => Type is 10 or 11 or 12;

    /// <summary>Forum (15) and media (16) channels: every post is a thread.</summary>
    public bool IsForum => Type is ChannelTypes.GuildForum or ChannelTypes.GuildMedia;
}

/// <summary>A tag a forum post can carry (Solved, Needs human, …).</summary>
public sealed record ForumTag(TagId Id, string Name, bool? Moderated = null);

/// <summary>Body of Modify Channel for a thread: the fields Briefer changes.</summary>
/// <param name="AppliedTags">A forum post's tags, all of them (Discord replaces the list; at most 5).</param>
public sealed record ModifyThreadParams(IReadOnlyList<TagId>? AppliedTags = null);

/// <summary>Body of Start Thread from Message.</summary>
/// <param name="AutoArchiveDuration">Minutes of inactivity before the thread is archived: 60, 1440, 4320 or 10080.</param>
public sealed record StartThreadParams(string Name, int? AutoArchiveDuration = null);
