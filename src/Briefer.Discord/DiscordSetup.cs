using Briefer.Discord.Gateway;
using Briefer.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.Discord;

/// <summary>Registers the Discord client: options, REST client, and the gateway as a hosted service.</summary>
public static class DiscordSetup
{
    /// <summary>
    /// Adds <see cref="DiscordOptions"/> (bound from <c>Discord:</c>, token also from <c>DISCORD_TOKEN</c>, validated at start),
    /// <see cref="DiscordRestClient"/> and <see cref="DiscordGatewayClient"/>. Handlers are added as <see cref="IGatewayEventHandler"/>.
    /// </summary>
    public static IServiceCollection AddDiscordClient(this IServiceCollection services)
    {
        services.AddOptions<DiscordOptions>()
            .BindConfiguration(DiscordOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.Token))
                {
                    options.Token = configuration["DISCORD_TOKEN"] ?? Environment.GetEnvironmentVariable("DISCORD_TOKEN") ?? string.Empty;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        // HttpClient's own logging prints request URLs, and interaction URLs contain the interaction token:
        // the REST client logs route templates itself instead.
        services.AddHttpClient(DiscordRestClient.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        services.TryAddSingleton<DiscordRestClient>();
        services.TryAddSingleton<GatewaySession>();
        services.TryAddSingleton<DiscordGatewayClient>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscordGatewayClient>());
        return services;
    }
}
