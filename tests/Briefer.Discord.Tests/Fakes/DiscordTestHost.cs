using Briefer.Discord.Gateway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Briefer.Discord.Tests.Fakes;

/// <summary>A host running only the Discord client against a <see cref="FakeDiscordServer"/>.</summary>
public static class DiscordTestHost
{
    public static IHost Build(FakeDiscordServer server, TimeProvider time, IGatewayEventHandler handler, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings(server, settings));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddDiscordClient();
        builder.Services.AddSingleton(handler);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>The Discord settings pointing at the fake, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> Settings(FakeDiscordServer server, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Discord:Token"] = FakeDiscordServer.Token,
            ["Discord:ApiBaseUrl"] = server.ApiBaseUrl.ToString(),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
