using Briefer.Audiences;
using Briefer.Discord;
using Briefer.Discord.Guilds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.Digests;

/// <summary>Registers scheduled digests: the schedule store, <see cref="IDigestSchedules"/> and the scheduler.</summary>
public static class DigestSetup
{
    /// <summary>
    /// Adds digests to the worker. Needs the knowledge core (<c>AddBrieferCore()</c>) and the Discord client
    /// (<c>AddDiscordClient()</c>, which <c>AddDiscordBot()</c> adds) to post with.
    /// </summary>
    public static IServiceCollection AddDigests(this IServiceCollection services)
    {
        services.AddDiscordClient();
        services.AddGuildCache();
        services.TryAddSingleton<AudienceResolver>();
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DigestScheduleStore>();
        services.TryAddSingleton<DigestSignal>();
        services.AddMetrics();
        services.TryAddSingleton<DigestMetrics>();
        services.TryAddSingleton<DigestRunner>();
        services.TryAddSingleton<DigestSchedules>();
        services.TryAddSingleton<IDigestSchedules>(sp => sp.GetRequiredService<DigestSchedules>());
        services.AddHostedService<DigestScheduler>();
        return services;
    }
}
