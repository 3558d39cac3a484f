using System.Text.RegularExpressions;
using Briefer.Discord.Models;

namespace Briefer.Bot.Pipeline;

/// <summary>
/// Custom ids of the bot's buttons and modals: <c>prefix:arg:arg</c>, where the prefix names the command that handles
/// it and the arguments are short ids (an answer id, a vote). They carry no secret and grant nothing: Discord sends
/// them back as the client sent them, so every one is checked on the way in (shape here; the command checks that
/// what it names belongs to the asker's server).
/// </summary>
public static partial class CustomIds
{
    /// <summary>Builds a custom id.</summary>
    public static string Create(string prefix, params string[] arguments)
    {
        var id = string.Join(':', arguments.Prepend(prefix));
        return Pattern().IsMatch(id) && id.Length <= DiscordLimits.CustomId
            ? id
            : throw new ArgumentException($"'{id}' is not a valid custom id.", nameof(arguments));
    }

    /// <summary>Splits a custom id Discord sent back; false when it is not one the bot could have made.</summary>
    public static bool TryParse(string? customId, out string prefix, out IReadOnlyList<string> arguments)
    {
        prefix = string.Empty;
        arguments = [];
        if (customId is null || customId.Length > DiscordLimits.CustomId || !Pattern().IsMatch(customId))
        {
            return false;
        }

        var parts = customId.Split(':');
        prefix = parts[0];
        arguments = parts[1..];
        return true;
    }

    [GeneratedRegex("^[a-z]{1,12}(:[A-Za-z0-9_-]{1,40}){0,4}$")]
    private static partial Regex Pattern();
}
