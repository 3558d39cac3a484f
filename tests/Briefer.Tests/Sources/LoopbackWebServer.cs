using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Briefer.Tests.Sources;

/// <summary>A web server on loopback whose pages the test sets (status, body, ETag, Location), recording what was asked.</summary>
internal sealed class LoopbackWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackWebServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public sealed record Page(int Status, string Body = "", string ContentType = "text/html; charset=utf-8", string? ETag = null, string? Location = null);

    public int Port { get; }

    public ConcurrentDictionary<string, Page> Pages { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request as "path If-None-Match".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>The settings that let the guarded fetcher reach this server.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Web:AllowPrivateNetworks"] = "true",
        ["Web:AllowedPorts:0"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<LoopbackWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackWebServer? server = null;
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            server!.Requests.Enqueue($"{path} {context.Request.Headers.IfNoneMatch}");
            if (!server.Pages.TryGetValue(path, out var page))
            {
                context.Response.StatusCode = 404;
                return;
            }

            if (page.ETag is not null && context.Request.Headers.IfNoneMatch == page.ETag)
            {
                context.Response.StatusCode = 304;
                return;
            }

            context.Response.StatusCode = page.Status;
            if (page.ETag is not null)
            {
                context.Response.Headers.ETag = page.ETag;
            }

            if (page.Location is not null)
            {
                context.Response.Headers.Location = page.Location;
            }

            context.Response.ContentType = page.ContentType;
            await context.Response.WriteAsync(page.Body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackWebServer(app, new Uri(address).Port);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
