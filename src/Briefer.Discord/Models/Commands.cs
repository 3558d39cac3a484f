namespace Briefer.Discord.Models;

/// <summary>Where a command may be used.</summary>
public enum InteractionContextType
{
    Guild = 0,
    BotDm = 1,
    PrivateChannel = 2,
}

/// <summary>An option of a slash command, as registered.</summary>
/// <param name="Choices">The only values a string option takes (at most 25), shown as a list.</param>
/// <param name="ChannelTypes">The channel types a channel option offers (<see cref="ChannelTypes"/>); null offers all.</param>
/// <param name="Options">A subcommand's own options.</param>
public sealed record CommandOption(
    CommandOptionType Type,
    string Name,
    string Description,
    bool? Required = null,
    bool? Autocomplete = null,
    int? MinLength = null,
    int? MaxLength = null,
    IReadOnlyList<CommandChoice>? Choices = null,
    IReadOnlyList<int>? ChannelTypes = null,
    IReadOnlyList<CommandOption>? Options = null);

/// <summary>Channel types, as channel options restrict them.</summary>
public static class ChannelTypes
{
    /// <summary>A text channel in a server.</summary>
    public const int GuildText = 0;

    /// <summary>An announcement channel, which members can follow from other servers.</summary>
    public const int GuildAnnouncement = 5;

    /// <summary>A forum channel: every post is a thread with a title, a starter message and tags.</summary>
    public const int GuildForum = 15;

    /// <summary>A media channel: a forum whose posts lead with media.</summary>
    public const int GuildMedia = 16;
}

/// <summary>Application command types.</summary>
public static class ApplicationCommandTypes
{
    /// <summary>A slash command.</summary>
    public const int ChatInput = 1;

    /// <summary>A message command: right-click a message → Apps. Its description must be empty.</summary>
    public const int Message = 3;
}

/// <summary>A slash or message command, as registered with Bulk Overwrite and as returned by Get Commands.</summary>
/// <param name="DefaultMemberPermissions">A decimal permission bit set as a string ("32" = Manage Server); null means everyone.</param>
public sealed record ApplicationCommand(
    string Name,
    string Description,
    IReadOnlyList<CommandOption>? Options = null,
    string? DefaultMemberPermissions = null,
    IReadOnlyList<InteractionContextType>? Contexts = null,
    int? Type = 1,
    CommandId? Id = null);
