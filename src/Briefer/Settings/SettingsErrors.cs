using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Briefer.Settings;

/// <summary>
/// Turns what the configuration binder and options validation throw into one line an operator can act on: the setting's
/// name, the value it has, and the values or format it accepts (<c>Store:Provider must be Sqlite or Qdrant, not
/// 'Postgres'.</c>), never a .NET type name. The one place every verb, <c>run</c> and <c>doctor</c> word settings errors.
/// </summary>
internal static partial class SettingsErrors
{
    /// <summary>One line for a settings failure; null when <paramref name="exception"/> is not one.</summary>
    public static string? Describe(Exception exception, IConfiguration? configuration) => exception switch
    {
        AggregateException aggregate => Join(aggregate.InnerExceptions.Select(e => Describe(e, configuration) ?? e.Message)),
        OptionsValidationException validation => Join(validation.Failures.Select(f => Rewrite(f, validation.OptionsType, configuration))),
        InvalidOperationException when BinderFailure().Match(exception.Message) is { Success: true } match =>
            $"{match.Groups["path"].Value} must be {Expected(FindType(match.Groups["type"].Value), plural: false)}, not '{match.Groups["value"].Value}'.",
        _ => null,
    };

    /// <summary>What a setting of <paramref name="type"/> accepts, in words (<c>Sqlite or Qdrant</c>, <c>a whole number</c>).</summary>
    internal static string Expected(Type? type, bool plural)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is { IsEnum: true })
        {
            var names = Enum.GetNames(type);
            var choices = names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
            return type.IsDefined(typeof(FlagsAttribute)) ? $"one or more of {choices}, separated by commas" : choices;
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => plural ? "true or false values" : "true or false",
            TypeCode.Byte or TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => plural ? "whole numbers" : "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => plural ? "numbers such as 0.5" : "a number such as 0.5",
            TypeCode.String => plural ? "texts" : "a text",
            _ when type == typeof(TimeSpan) => plural ? "durations such as 00:00:05 or 5s" : DurationConverter.Help,
            _ when type == typeof(Uri) => plural ? "absolute URLs" : "an absolute URL such as https://example.com/",
            _ => plural ? "values of the form the README's Configuration table shows" : "of the form the README's Configuration table shows",
        };
    }

    /// <summary>
    /// DataAnnotations' wording ("DataAnnotation validation failed for 'AnswerOptions' members: 'AnswerableThreshold' with
    /// the error: 'The field AnswerableThreshold must be between 0 and 1.'") as the setting, the rule and the value.
    /// Failures Briefer's own validators wrote already name the setting and pass through.
    /// </summary>
    private static string Rewrite(string failure, Type? optionsType, IConfiguration? configuration)
    {
        var match = DataAnnotationFailure().Match(failure);
        if (!match.Success)
        {
            return failure;
        }

        var member = match.Groups["member"].Value;
        var section = optionsType?.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field ? field.GetRawConstantValue() as string : null;
        var setting = section is null ? member : $"{section}:{member}";
        var error = match.Groups["error"].Value.TrimEnd('.');
        var rule = FieldRule().Match(error) is { Success: true } ruled ? ruled.Groups["rule"].Value
            : RequiredRule().IsMatch(error) ? "must be set"
            : "is not valid: " + error;
        var value = configuration?[setting];
        return value is null ? $"{setting} {rule}." : $"{setting} {rule}, not '{value}'.";
    }

    private static string Join(IEnumerable<string> lines) => string.Join(" ", lines.Distinct(StringComparer.Ordinal));

    private static Type? FindType(string name) =>
        Type.GetType(name) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name)).FirstOrDefault(t => t is not null);

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']+)' to type '(?<type>[^']+)'\.?$", RegexOptions.Singleline)]
    private static partial Regex BinderFailure();

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '(?<member>[^']*)' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"^The field \S+ (?<rule>.+)$", RegexOptions.Singleline)]
    private static partial Regex FieldRule();

    [GeneratedRegex(@"^The \S+ field is required$")]
    private static partial Regex RequiredRule();
}
