using Briefer.Discord.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Briefer.Discord.Guilds;

/// <summary>Registers the <see cref="GuildCache"/>, fed by the gateway.</summary>
public static class GuildCacheSetup
{
    /// <summary>Adds <see cref="GuildCache"/> as a singleton and as a gateway event handler.</summary>
    public static IServiceCollection AddGuildCache(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(GuildCache)))
        {
            return services;
        }

        services.AddSingleton<GuildCache>();
        services.AddSingleton<IGatewayEventHandler>(sp => sp.GetRequiredService<GuildCache>());
        return services;
    }
}
