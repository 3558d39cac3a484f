using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Briefer.Llm.Tests;

/// <summary>What the fake server does with one request.</summary>
internal abstract record ScriptedReply
{
    /// <summary>A chat completion whose message content is <paramref name="Content"/>.</summary>
    public sealed record Completion(string Content) : ScriptedReply;

    /// <summary>An error status with an OpenAI-style error body.</summary>
    public sealed record Status(int Code, string? RetryAfter = null) : ScriptedReply;

    /// <summary>Never answers until the client gives up.</summary>
    public sealed record Hang : ScriptedReply;
}

/// <summary>
/// An OpenAI-compatible chat-completions endpoint on loopback (Kestrel), answering each request with the next
/// scripted reply and keeping the request bodies, so tests assert on the bytes that crossed the wire.
/// </summary>
internal sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _script = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly TaskCompletionSource _hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeChatServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base address to configure as Llm:Endpoint (…/v1).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The JSON bodies of the requests received, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Completes when a request hits a <see cref="ScriptedReply.Hang"/>.</summary>
    public Task Hanging => _hanging.Task;

    public static async Task<FakeChatServer> StartAsync(params ScriptedReply[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var server = new FakeChatServer(app);
        foreach (var reply in script)
        {
            server._script.Enqueue(reply);
        }

        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Urls.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The content of the request's message with <paramref name="role"/>.</summary>
    public static string Message(string requestBody, string role) =>
        JsonNode.Parse(requestBody)!["messages"]!.AsArray()
            .Where(m => (string?)m!["role"] == role)
            .Select(m => m!["content"] is JsonArray parts ? string.Concat(parts.Select(p => (string?)p!["text"])) : (string?)m!["content"])
            .Single()!;

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        _requests.Enqueue(await reader.ReadToEndAsync(context.RequestAborted));
        var reply = _script.TryDequeue(out var next) ? next : new ScriptedReply.Status(500);
        switch (reply)
        {
            case ScriptedReply.Completion completion:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(CompletionJson(completion.Content), context.RequestAborted);
                break;
            case ScriptedReply.Status status:
                context.Response.StatusCode = status.Code;
                if (status.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = status.RetryAfter;
                }

                context.Response.ContentType = "application/json";
                var error = JsonSerializer.Serialize(new { error = new { message = $"scripted {status.Code}", type = "server_error" } });
                await context.Response.WriteAsync(error, context.RequestAborted);
                break;
            case ScriptedReply.Hang:
                _hanging.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, which is what the test waits for.
                }

                break;
        }
    }

    private static string CompletionJson(string content) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1767916800,
        model = "test-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 100, completion_tokens = 20, total_tokens = 120 },
    });
}
