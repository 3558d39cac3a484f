using System.Globalization;
using System.Text.RegularExpressions;
using Briefer.Core.Documents;

namespace Briefer.Bot.Audiences;

/// <summary>
/// The <c>visible_to:</c> option of <c>/ingest</c>: <c>everyone</c>, a channel (<c>#channel</c>, which Discord sends as
/// <c>&lt;#id&gt;</c>) or one or more roles (<c>@role</c>, sent as <c>&lt;@&amp;id&gt;</c>); the CLI's
/// <c>channel:&lt;id&gt;</c> / <c>role:&lt;id&gt;</c> forms are accepted too.
/// </summary>
internal static partial class VisibleToOption
{
    public const string Name = "visible_to";

    public static Visibility Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals("everyone", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("@everyone", StringComparison.OrdinalIgnoreCase))
        {
            return Visibility.Everyone;
        }

        if (Visibility.TryParse(trimmed, out var typed, out _))
        {
            return typed;
        }

        var channels = ChannelMention().Matches(trimmed).Select(m => new AudienceChannelId(ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).Distinct().ToList();
        var roles = RoleMention().Matches(trimmed).Select(m => new AudienceRoleId(ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();
        var rest = RoleMention().Replace(ChannelMention().Replace(trimmed, string.Empty), string.Empty).Trim(' ', ',');
        return (channels.Count, roles.Count, rest.Length) switch
        {
            (1, 0, 0) => Visibility.ForChannel(channels[0]),
            (0, > 0, 0) => Visibility.ForRoles(roles),
            _ => throw new ArgumentException("visible_to: takes everyone, one #channel, or one or more @roles."),
        };
    }

    [GeneratedRegex(@"<#(\d{1,20})>")]
    private static partial Regex ChannelMention();

    [GeneratedRegex(@"<@&(\d{1,20})>")]
    private static partial Regex RoleMention();
}
