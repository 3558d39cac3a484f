using Briefer.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Briefer.Telemetry;

/// <summary>Exports Briefer's meters over OTLP when an OpenTelemetry collector is configured.</summary>
public static class TelemetrySetup
{
    /// <summary>The meters operators watch: answers and their latency, ingest throughput, Discord interactions and ack latency, gateway reconnects.</summary>
    public static readonly string[] Meters = [BrieferMetrics.MeterName, Bot.Pipeline.BotMetrics.MeterName, Discord.Gateway.DiscordGatewayClient.MeterName, Digests.DigestMetrics.MeterName];

    /// <summary>
    /// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set (the standard OpenTelemetry variable; <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>
    /// and the rest apply too), exports <see cref="Meters"/> over OTLP. Without it, nothing is exported and no
    /// connection is attempted.
    /// </summary>
    public static IServiceCollection AddBrieferTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("briefer"))
            .WithMetrics(metrics => metrics.AddMeter(Meters))
            .UseOtlpExporter();
        return services;
    }
}
