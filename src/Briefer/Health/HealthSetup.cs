using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Health;

/// <summary>The worker's start-up check of the store and its health file.</summary>
public static class HealthSetup
{
    /// <summary>Adds the store check that runs before every other hosted service of <c>run</c>. Call before <c>AddDiscordBot()</c>.</summary>
    public static IServiceCollection AddStoreStartupCheck(this IServiceCollection services)
    {
        services.AddHostedService<StoreStartupCheck>();
        return services;
    }

    /// <summary>Adds the health file writer (needs the Discord gateway client).</summary>
    public static IServiceCollection AddHealthFile(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section)
            .Validate(o => o.Interval >= TimeSpan.FromSeconds(1) && o.Interval <= TimeSpan.FromMinutes(10), "Health:Interval must be between 00:00:01 and 00:10:00.")
            .Validate(o => o.GatewayGracePeriod >= TimeSpan.Zero, "Health:GatewayGracePeriod must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<HealthReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthReporter>());
        return services;
    }
}
