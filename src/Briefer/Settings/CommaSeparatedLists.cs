using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Briefer.Settings;

/// <summary>
/// Lets every list setting be given as one comma-separated value (<c>Web__AllowedPorts=80,443,8765</c>) as well as
/// indexed (<c>Web__AllowedPorts__0=80</c>). The configuration binder ignores a plain value on a list key, so a list set
/// that way was silently dropped. A list that is set replaces its default; it never extends it.
/// Runs after binding for every options class that names its section in a <c>const string Section</c>.
/// </summary>
internal sealed class CommaSeparatedLists<TOptions>(IConfiguration configuration) : IPostConfigureOptions<TOptions>
    where TOptions : class
{
    private static readonly ConcurrentDictionary<Type, (string? Section, PropertyInfo[] Lists)> Shapes = new();

    public void PostConfigure(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != Options.DefaultName)
        {
            return;
        }

        var (section, lists) = Shapes.GetOrAdd(typeof(TOptions), Describe);
        if (section is null)
        {
            return;
        }

        foreach (var property in lists)
        {
            var key = $"{section}:{property.Name}";
            if (configuration[key] is not { } value)
            {
                continue;
            }

            var element = property.PropertyType.GetElementType()!;
            var converter = TypeDescriptor.GetConverter(element);
            var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var array = Array.CreateInstance(element, items.Length);
            for (var i = 0; i < items.Length; i++)
            {
                try
                {
                    array.SetValue(converter.ConvertFromInvariantString(items[i]), i);
                }
                catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException || ex.InnerException is FormatException or OverflowException)
                {
                    throw new InvalidOperationException(
                        $"{key} must be a comma-separated list of {SettingsErrors.Expected(element, plural: true)}, not '{value}' ('{items[i]}' is not one).", ex);
                }
            }

            property.SetValue(options, array);
        }
    }

    /// <summary>The options class's section, and its settable array properties (the lists a setting can fill).</summary>
    private static (string? Section, PropertyInfo[] Lists) Describe(Type type)
    {
        var section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field ? field.GetRawConstantValue() as string : null;
        var lists = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.PropertyType.IsArray && p.PropertyType.GetArrayRank() == 1)
            .ToArray();
        return (section, lists);
    }
}
