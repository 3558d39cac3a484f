using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Briefer.Settings;

/// <summary>
/// Reads durations in settings as .NET writes them (<c>00:00:05</c>, <c>7.00:00:00</c>) and in the short form people
/// type (<c>250ms</c>, <c>5s</c>, <c>10m</c>, <c>6h</c>, <c>7d</c>). Registered for <see cref="TimeSpan"/> once per
/// process (<see cref="SettingsSetup"/>), so every options class's durations accept both.
/// </summary>
internal sealed partial class DurationConverter : TimeSpanConverter
{
    /// <summary>What a duration setting accepts, as error messages say it.</summary>
    public const string Help = "a duration such as 00:00:05 or 5s (also 250ms, 10m, 6h, 7d, or d.hh:mm:ss)";

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text && TryParseShort(text, out var duration) ? duration : base.ConvertFrom(context, culture, value);

    /// <summary>The short form: a number and one unit, ms, s, m, h or d.</summary>
    internal static bool TryParseShort(string text, out TimeSpan duration)
    {
        duration = default;
        var match = ShortForm().Match(text);
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        duration = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
        return true;
    }

    [GeneratedRegex(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h|d)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShortForm();
}
