using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.Settings;

/// <summary>How every options class reads its settings: durations as <c>5s</c> too, lists as comma-separated values.</summary>
internal static class SettingsSetup
{
    private static readonly Lazy<bool> DurationsRegistered = new(() =>
    {
        TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));
        return true;
    });

    public static IServiceCollection AddBrieferSettings(this IServiceCollection services)
    {
        _ = DurationsRegistered.Value;
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IPostConfigureOptions<>), typeof(CommaSeparatedLists<>)));
        return services;
    }
}
