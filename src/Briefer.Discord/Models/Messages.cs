namespace Briefer.Discord.Models;

/// <summary>The <c>d</c> of MESSAGE_CREATE (the fields Briefer reads).</summary>
public sealed record MessageCreateEvent(
    MessageId Id,
    ChannelId ChannelId,
    DiscordUser Author,
    string Content,
    GuildId? GuildId = null,
    IReadOnlyList<DiscordUser>? Mentions = null,
    int? Type = null,
    GuildMember? Member = null,
    ulong? WebhookId = null,
    MessageReference? MessageReference = null,
    DiscordMessage? ReferencedMessage = null,
    IReadOnlyList<DiscordAttachment>? Attachments = null)
{
    /// <summary>Whether <paramref name="user"/> is mentioned directly (not through @everyone or a role).</summary>
    public bool MentionsUser(UserId user) => Mentions?.Any(m => m.Id == user) == true;

    public override string ToString() => $"Message {Id} in guild {GuildId} channel {ChannelId}";
}

/// <summary>Which mentions in a message may ping; Briefer sends <c>{"parse": []}</c>, or names the one role a hand-off pings.</summary>
public sealed record AllowedMentions(IReadOnlyList<string> Parse, bool? RepliedUser = null, IReadOnlyList<RoleId>? Roles = null)
{
    /// <summary>Nothing pings: not @everyone, not roles, not users.</summary>
    public static AllowedMentions None { get; } = new([]);

    /// <summary>Only <paramref name="role"/> pings (a hand-off): not @everyone, no other role, no user.</summary>
    public static AllowedMentions OnlyRole(RoleId role) => new([], Roles: [role]);
}

/// <summary>A reply target.</summary>
public sealed record MessageReference(MessageId MessageId, ChannelId? ChannelId = null, GuildId? GuildId = null, bool? FailIfNotExists = null);

/// <summary>An embed field.</summary>
public sealed record EmbedField(string Name, string Value, bool? Inline = null);

/// <summary>An embed footer.</summary>
public sealed record EmbedFooter(string Text);

/// <summary>A rich embed (see <see cref="DiscordLimits"/> for the lengths Discord accepts).</summary>
public sealed record Embed(
    string? Title = null,
    string? Description = null,
    IReadOnlyList<EmbedField>? Fields = null,
    EmbedFooter? Footer = null,
    int? Color = null,
    string? Url = null);

/// <summary>Message flags Briefer uses.</summary>
[Flags]
public enum MessageFlags
{
    None = 0,
    SuppressEmbeds = 1 << 2,
    Ephemeral = 1 << 6,

    /// <summary>Posted without a push or desktop notification ("@silent"), e.g. scheduled digests.</summary>
    SuppressNotifications = 1 << 12,
}

/// <summary>Body of Create Message, Edit Original Interaction Response and interaction callback data.</summary>
/// <param name="Nonce">Create Message only: with <see cref="EnforceNonce"/>, a second message with the same nonce within a few minutes is not created (Discord returns the first), so a retried post cannot appear twice. At most 25 characters.</param>
public sealed record MessageParams(
    string? Content = null,
    IReadOnlyList<Embed>? Embeds = null,
    AllowedMentions? AllowedMentions = null,
    MessageReference? MessageReference = null,
    MessageFlags? Flags = null,
    IReadOnlyList<Component>? Components = null,
    string? Nonce = null,
    bool? EnforceNonce = null);

/// <summary>One autocomplete choice.</summary>
public sealed record CommandChoice(string Name, string Value);

/// <summary>Data of an autocomplete callback.</summary>
public sealed record AutocompleteResultData(IReadOnlyList<CommandChoice> Choices);

/// <summary>Body of Create Interaction Response. <see cref="Data"/> is a <see cref="MessageParams"/> or an <see cref="AutocompleteResultData"/>.</summary>
public sealed record InteractionResponseParams(InteractionCallbackType Type, MessageParams? Data = null);

/// <summary>Body of an autocomplete interaction response.</summary>
public sealed record AutocompleteResponseParams(InteractionCallbackType Type, AutocompleteResultData Data);

/// <summary>A message as Discord returns it, and as interactions carry it (the fields Briefer reads).</summary>
public sealed record DiscordMessage(
    MessageId Id,
    ChannelId ChannelId,
    string? Content = null,
    DiscordUser? Author = null,
    IReadOnlyList<DiscordAttachment>? Attachments = null,
    GuildId? GuildId = null,
    int? Type = null,
    IReadOnlyList<Component>? Components = null);

/// <summary>Discord's length limits for messages and embeds.</summary>
public static class DiscordLimits
{
    public const int ContentLength = 2000;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFields = 25;
    public const int EmbedFieldName = 256;
    public const int EmbedFieldValue = 1024;
    public const int EmbedFooter = 2048;
    public const int EmbedTotal = 6000;
    public const int AutocompleteChoices = 25;
    public const int ChoiceName = 100;
    public const int ChoiceValue = 100;
    public const int CustomId = 100;
    public const int ButtonLabel = 80;
    public const int ButtonsPerRow = 5;
    public const int ModalTitle = 45;
    public const int ThreadName = 100;
}
