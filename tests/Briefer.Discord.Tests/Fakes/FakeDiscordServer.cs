using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Briefer.Discord.Tests.Fakes;

/// <summary>A REST request the fake received.</summary>
/// <param name="Route">The spec's path template, e.g. <c>/channels/{channel_id}/messages</c>.</param>
/// <param name="Args">The template's parameters by name.</param>
/// <param name="ReceivedAt">A <see cref="Stopwatch"/> timestamp.</param>
public sealed record RecordedRequest(
    string Method,
    string Route,
    string Path,
    IReadOnlyDictionary<string, string> Args,
    string? Authorization,
    string? UserAgent,
    string Body,
    long ReceivedAt)
{
    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);
}

/// <summary>
/// A fake Discord on loopback, hosted with Kestrel: the gateway over a real WebSocket and the REST routes the
/// bot uses. Every REST body is validated against Discord's OpenAPI spec; a body that fails gets a 400, as
/// Discord would answer, and the errors are kept in <see cref="ValidationErrors"/> for tests to assert on.
/// </summary>
public sealed partial class FakeDiscordServer : IAsyncDisposable
{
    public const string Token = "fake-bot-token.XYZ";
    public const ulong ApplicationId = 100000000000000001;
    public const ulong BotUserId = 100000000000000001;

    private static readonly (string Method, string Template)[] Routes =
    [
        ("GET", "/gateway/bot"),
        ("GET", "/applications/{application_id}/commands"),
        ("PUT", "/applications/{application_id}/commands"),
        ("GET", "/applications/{application_id}/guilds/{guild_id}/commands"),
        ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"),
        ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"),
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
        ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
        ("POST", "/webhooks/{webhook_id}/{webhook_token}"),
        ("POST", "/channels/{channel_id}/messages"),
        ("POST", "/channels/{channel_id}/messages/{message_id}/threads"),
        ("POST", "/channels/{channel_id}/typing"),
        ("PATCH", "/channels/{channel_id}"),
    ];

    private readonly WebApplication _app;
    private readonly Channel<FakeGatewayConnection> _connections = Channel.CreateUnbounded<FakeGatewayConnection>();
    private readonly ConcurrentDictionary<string, JsonArray> _commands = new();
    private int _commandIds;
    private long _messageIds;

    private FakeDiscordServer(WebApplication app) => _app = app;

    public Uri ApiBaseUrl { get; private set; } = null!;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The host:port attachments are served from (add it to <c>Discord:AttachmentHosts</c>).</summary>
    public string CdnHost => BaseUrl.Authority;

    public int HeartbeatIntervalMs { get; set; } = 45_000;

    /// <summary>Answer heartbeats with op 11 (switch off to make a zombie; see also <see cref="FakeGatewayConnection.AckHeartbeats"/>).</summary>
    public bool AckHeartbeats { get; set; } = true;

    /// <summary>The shard count <c>GET /gateway/bot</c> recommends.</summary>
    public int RecommendedShards { get; set; } = 1;

    /// <summary>The <c>session_start_limit.max_concurrency</c> of <c>GET /gateway/bot</c>.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>Each gateway session's dispatch sequence, by session id (shared by the connections that resume it).</summary>
    internal ConcurrentDictionary<string, FakeGatewaySession> Sessions { get; } = new();

    /// <summary>This many next gateway connections are accepted but never sent HELLO.</summary>
    public int SilentConnections;

    /// <summary>
    /// When set, an IDENTIFY that arrives less than 5 s (on the system clock, measured here as Discord measures it) after
    /// the last accepted one of its bucket (<c>shard_id % MaxConcurrency</c>) is answered with op 9, as Discord answers.
    /// </summary>
    public bool PaceIdentifies { get; set; }

    /// <summary>The first gateway connection waits this long before HELLO (a slower handshake, as on a real network).</summary>
    public TimeSpan FirstHelloDelay { get; set; }

    /// <summary>Every IDENTIFY received, in order of arrival.</summary>
    public List<IdentifyArrival> Identifies { get; } = [];

    private int _connectionCount;

    /// <summary>This many next IDENTIFYs are answered with op 9 whatever their timing.</summary>
    public int RefuseIdentifies;

    /// <summary>Records an IDENTIFY's arrival; false when <see cref="PaceIdentifies"/> refuses it.</summary>
    /// <param name="receivedAt">When the IDENTIFY's last byte was read (a <see cref="Stopwatch"/> timestamp).</param>
    internal bool AcceptIdentify(int shardId, long receivedAt)
    {
        lock (Identifies)
        {
            var now = receivedAt;
            var bucket = shardId % Math.Max(1, MaxConcurrency);
            var last = Identifies.LastOrDefault(i => i.Bucket == bucket && !i.Refused);
            var refused = (PaceIdentifies && last is not null && Stopwatch.GetElapsedTime(last.ReceivedAt, now) < TimeSpan.FromSeconds(5))
                || Interlocked.Decrement(ref RefuseIdentifies) >= 0;
            Identifies.Add(new IdentifyArrival(shardId, bucket, now, refused));
            return !refused;
        }
    }

    internal bool IsFirstConnection() => Interlocked.Increment(ref _connectionCount) == 1;

    /// <summary>When set, IDENTIFY is answered by closing with this code instead of READY.</summary>
    public int? CloseOnIdentify { get; set; }

    /// <summary>Per-request override: return a result to answer instead of the default behaviour.</summary>
    public Func<RecordedRequest, IResult?>? Intercept { get; set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>When set, REST answers carry Discord-like rate-limit headers and requests over a limit get 429.</summary>
    public FakeRateLimits? RateLimits { get; set; }

    public ConcurrentQueue<string> ValidationErrors { get; } = new();

    /// <summary>Threads started from messages: thread id (= the message id) → the channel it was started in.</summary>
    public ConcurrentDictionary<string, string> Threads { get; } = new();

    /// <summary>Channels where Create Message answers 403 Missing Permissions (code 50013).</summary>
    public ConcurrentDictionary<string, bool> ForbiddenChannels { get; } = new();

    /// <summary>Files served under <c>/attachments/{name}</c>.</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();

    public List<FakeGatewayConnection> AllConnections { get; } = [];

    public static async Task<FakeDiscordServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeDiscordServer(app);
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        server.ApiBaseUrl = new Uri(server.BaseUrl, "api/v10");
        return server;
    }

    public string AttachmentUrl(string name) => new Uri(BaseUrl, "attachments/" + name).ToString();

    /// <summary>The open connection of the shard that Discord sends <paramref name="guildId"/>'s events to: <c>(guild_id &gt;&gt; 22) % shards</c>.</summary>
    public FakeGatewayConnection ConnectionForGuild(ulong guildId)
    {
        lock (AllConnections)
        {
            return AllConnections.Last(c => c.Shard is [var id, var count] && !c.Closed.IsCompleted && (int)((guildId >> 22) % (ulong)count) == id);
        }
    }

    /// <summary>Waits for the next gateway connection.</summary>
    public async Task<FakeGatewayConnection> NextConnectionAsync(TimeSpan? timeout = null)
    {
        // Cancel the read itself on timeout: an abandoned read would take the next connection for nobody.
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _connections.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException("No gateway connection arrived in time.");
        }
    }

    /// <summary>Waits for a REST request matching <paramref name="match"/> (already received ones count).</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var found = Requests.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("The fake Discord did not receive the expected request. Received: "
                    + string.Join(", ", Requests.Select(r => r.Method + " " + r.Route)) + ". Validation errors: " + string.Join("; ", ValidationErrors));
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Builds an INTERACTION_CREATE <c>d</c> for a slash command.</summary>
    public static JsonObject SlashCommand(ulong interactionId, ulong guildId, ulong channelId, ulong userId, string name, JsonArray? options = null, bool admin = false, JsonObject? resolved = null)
    {
        var data = new JsonObject { ["id"] = "200000000000000001", ["name"] = name, ["type"] = 1 };
        if (options is not null)
        {
            data["options"] = options;
        }

        if (resolved is not null)
        {
            data["resolved"] = resolved;
        }

        return Interaction(interactionId, 2, guildId, channelId, userId, admin, data);
    }

    /// <summary>
    /// Builds a message command (right-click a message → Apps): <c>data.type</c> 3, <c>target_id</c>, and the target in
    /// <c>resolved.messages</c>, with its content (Discord sends it without the Message Content intent).
    /// </summary>
    public static JsonObject MessageCommand(ulong interactionId, ulong guildId, ulong channelId, ulong userId, string name, JsonObject targetMessage, bool admin = false)
    {
        ArgumentNullException.ThrowIfNull(targetMessage);
        var targetId = targetMessage["id"]!.GetValue<string>();
        var data = new JsonObject
        {
            ["id"] = "200000000000000002",
            ["name"] = name,
            ["type"] = 3,
            ["target_id"] = targetId,
            ["resolved"] = new JsonObject { ["messages"] = new JsonObject { [targetId] = targetMessage } },
        };
        return Interaction(interactionId, 2, guildId, channelId, userId, admin, data);
    }

    /// <summary>Builds a MESSAGE_COMPONENT interaction: a click on the button <paramref name="customId"/> of message <paramref name="messageId"/>.</summary>
    /// <param name="channelType">The type of the channel the message is in (0 text, 11 public thread).</param>
    public static JsonObject ButtonClick(ulong interactionId, ulong guildId, ulong channelId, ulong userId, string customId, ulong messageId, int channelType = 0, bool admin = false)
    {
        var interaction = Interaction(interactionId, 3, guildId, channelId, userId, admin, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 });
        interaction["message"] = Message(messageId, channelId, BotUserId, string.Empty, guildId: null, bot: true);
        interaction["channel"] = new JsonObject { ["id"] = Id(channelId), ["type"] = channelType, ["guild_id"] = Id(guildId) };
        return interaction;
    }

    /// <summary>Builds a MODAL_SUBMIT interaction with one labelled text input per field, as Discord sends a submitted modal.</summary>
    public static JsonObject ModalSubmit(ulong interactionId, ulong guildId, ulong channelId, ulong userId, string customId, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var components = new JsonArray();
        var n = 1;
        foreach (var (id, value) in fields)
        {
            components.Add(new JsonObject
            {
                ["type"] = 18,
                ["id"] = n++,
                ["component"] = new JsonObject { ["type"] = 4, ["id"] = n++, ["custom_id"] = id, ["value"] = value },
            });
        }

        return Interaction(interactionId, 5, guildId, channelId, userId, admin: false, new JsonObject { ["custom_id"] = customId, ["components"] = components });
    }

    /// <summary>Builds a message object (MESSAGE_CREATE <c>d</c>, or a message inside an interaction).</summary>
    public static JsonObject Message(ulong id, ulong channelId, ulong authorId, string content, ulong? guildId = null, bool bot = false, IEnumerable<ulong>? mentions = null, JsonObject? referencedMessage = null, JsonArray? attachments = null)
    {
        var message = new JsonObject
        {
            ["id"] = Id(id),
            ["channel_id"] = Id(channelId),
            ["author"] = new JsonObject { ["id"] = Id(authorId), ["username"] = bot ? "briefer" : "user" + authorId, ["bot"] = bot },
            ["content"] = content,
            ["type"] = referencedMessage is null ? 0 : 19,
            ["attachments"] = attachments ?? new JsonArray(),
            ["mentions"] = new JsonArray((mentions ?? []).Select(m => (JsonNode)new JsonObject { ["id"] = Id(m), ["username"] = m == BotUserId ? "briefer" : "user" + m }).ToArray()),
        };
        if (guildId is { } g)
        {
            message["guild_id"] = Id(g);
        }

        if (referencedMessage is not null)
        {
            message["message_reference"] = new JsonObject { ["message_id"] = referencedMessage["id"]!.DeepClone(), ["channel_id"] = Id(channelId) };
            message["referenced_message"] = referencedMessage;
        }

        return message;
    }

    private static string Id(ulong value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Interaction(ulong interactionId, int type, ulong guildId, ulong channelId, ulong userId, bool admin, JsonObject data) => new()
    {
        ["id"] = Id(interactionId),
        ["application_id"] = Id(ApplicationId),
        ["type"] = type,
        ["token"] = "itoken-" + interactionId,
        ["version"] = 1,
        ["guild_id"] = Id(guildId),
        ["channel_id"] = Id(channelId),
        ["app_permissions"] = "442368",
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = Id(userId), ["username"] = "user" + userId },
            ["roles"] = new JsonArray(),
            ["permissions"] = admin ? "3104" : "3072", // VIEW_CHANNEL | SEND_MESSAGES, with or without MANAGE_GUILD (1 << 5)
        },
        ["data"] = data,
    };

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (context.WebSockets.IsWebSocketRequest && path.StartsWith("/gateway", StringComparison.Ordinal))
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var connection = new FakeGatewayConnection(this, socket, path, context.Request.QueryString.Value ?? string.Empty);
            lock (AllConnections)
            {
                AllConnections.Add(connection);
            }

            await _connections.Writer.WriteAsync(connection);
            await connection.RunAsync(context.RequestAborted);
            return;
        }

        if (path.StartsWith("/attachments/", StringComparison.Ordinal))
        {
            if (Files.TryGetValue(path["/attachments/".Length..], out var bytes))
            {
                context.Response.ContentType = "text/plain";
                await context.Response.Body.WriteAsync(bytes);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            return;
        }

        await HandleRestAsync(context, path);
    }

    private async Task HandleRestAsync(HttpContext context, string fullPath)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        const string prefix = "/api/v10";
        if (!fullPath.StartsWith(prefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var path = fullPath[prefix.Length..];
        var method = context.Request.Method;
        var (template, args) = Match(method, path);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(method, template ?? path, path, args, context.Request.Headers.Authorization.ToString(), context.Request.Headers.UserAgent.ToString(), body, receivedAt);
        Requests.Enqueue(request);

        if (template is null)
        {
            await WriteErrorAsync(context, 404, 0, "404: Not Found");
            return;
        }

        var isInteractionRoute = template.StartsWith("/interactions", StringComparison.Ordinal) || template.StartsWith("/webhooks", StringComparison.Ordinal);
        if (!isInteractionRoute && request.Authorization != "Bot " + Token)
        {
            await WriteErrorAsync(context, 401, 0, "401: Unauthorized");
            return;
        }

        if (method is "POST" or "PUT" or "PATCH" && !(body.Length == 0 && !OpenApiRequestValidator.HasRequestBody(method, template)))
        {
            var errors = OpenApiRequestValidator.Validate(method, template, body);
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    ValidationErrors.Enqueue($"{method} {template}: {error}");
                }

                await WriteErrorAsync(context, 400, 50035, "Invalid Form Body");
                return;
            }
        }

        if (RateLimits is { } limits && !await limits.TryChargeAsync(context, method, template, args))
        {
            return;
        }

        if (Intercept?.Invoke(request) is { } result)
        {
            await result.ExecuteAsync(context);
            return;
        }

        switch (method, template)
        {
            case ("GET", "/gateway/bot"):
                await Results.Json(new JsonObject
                {
                    ["url"] = new Uri(BaseUrl, "gateway").ToString().Replace("http://", "ws://", StringComparison.Ordinal),
                    ["shards"] = RecommendedShards,
                    ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 14400000, ["max_concurrency"] = MaxConcurrency },
                }).ExecuteAsync(context);
                return;
            case ("GET", _) when template.EndsWith("/commands", StringComparison.Ordinal):
                await Results.Content(_commands.TryGetValue(path, out var stored) ? stored.ToJsonString() : "[]", "application/json").ExecuteAsync(context);
                return;
            case ("PUT", _):
                var commands = JsonNode.Parse(body)!.AsArray();
                foreach (var command in commands)
                {
                    command!["id"] = (300000000000000000 + (ulong)Interlocked.Increment(ref _commandIds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    command["application_id"] = ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    command["version"] = "1";
                }

                _commands[path] = commands;
                await Results.Content(commands.ToJsonString(), "application/json").ExecuteAsync(context);
                return;
            case ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"):
            case ("POST", "/channels/{channel_id}/typing"):
            case ("DELETE", _):
                context.Response.StatusCode = 204;
                return;
            case ("POST", "/channels/{channel_id}/messages/{message_id}/threads"):
                if (!Threads.TryAdd(args["message_id"], args["channel_id"]))
                {
                    await WriteErrorAsync(context, 400, 160004, "A thread has already been created for this message");
                    return;
                }

                context.Response.StatusCode = 201;
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["id"] = args["message_id"],
                    ["type"] = 11,
                    ["parent_id"] = args["channel_id"],
                    ["name"] = JsonNode.Parse(body)?["name"]?.DeepClone(),
                });
                return;
            case ("PATCH", "/channels/{channel_id}"):
                await Results.Json(ModifiedThread(args["channel_id"], body)).ExecuteAsync(context);
                return;
            case ("POST", "/channels/{channel_id}/messages") when ForbiddenChannels.ContainsKey(args["channel_id"]):
                await WriteErrorAsync(context, 403, 50013, "Missing Permissions");
                return;
            default:
                await Results.Json(new JsonObject
                {
                    ["id"] = (400000000000000000 + Interlocked.Increment(ref _messageIds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["channel_id"] = args.GetValueOrDefault("channel_id", "500000000000000001"),
                    ["content"] = JsonNode.Parse(body)?["content"]?.DeepClone(),
                }).ExecuteAsync(context);
                return;
        }
    }

    private static (string? Template, Dictionary<string, string> Args) Match(string method, string path)
    {
        foreach (var (routeMethod, template) in Routes)
        {
            if (routeMethod != method)
            {
                continue;
            }

            var pattern = "^" + ParameterPattern().Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), m => $"(?<{m.Groups[1].Value}>[^/]+)") + "$";
            var match = Regex.Match(path, pattern);
            if (match.Success)
            {
                var args = new Dictionary<string, string>();
                foreach (var name in ParameterPattern().Matches(template).Select(m => m.Groups[1].Value))
                {
                    args[name] = Uri.UnescapeDataString(match.Groups[name].Value);
                }

                return (template, args);
            }
        }

        return (null, []);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject { ["code"] = code, ["message"] = message });
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex ParameterPattern();

    public async ValueTask DisposeAsync()
    {
        List<FakeGatewayConnection> connections;
        lock (AllConnections)
        {
            connections = [.. AllConnections];
        }

        foreach (var connection in connections)
        {
            connection.Abort();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One gateway WebSocket connection to the fake, as seen from the server side.</summary>
public sealed class FakeGatewayConnection(FakeDiscordServer server, WebSocket socket, string path, string query)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource<int?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Path { get; } = path.TrimEnd('/');

    private FakeGatewaySession? _session;

    /// <summary>The session id this connection's READY carried.</summary>
    public string? SessionId { get; private set; }

    /// <summary>The <c>[shard_id, num_shards]</c> of the IDENTIFY on this connection, if any.</summary>
    public int[]? Shard { get; private set; }

    /// <summary>When set, overrides <see cref="FakeDiscordServer.AckHeartbeats"/> for this connection only (a zombie shard).</summary>
    public bool? AckHeartbeats { get; set; }

    public string Query { get; } = query;

    /// <summary>Every payload the client sent, in order.</summary>
    public Channel<JsonNode> Received { get; } = Channel.CreateUnbounded<JsonNode>();

    public ConcurrentQueue<JsonNode> Log { get; } = new();

    /// <summary>The close code the client sent (null when the connection just dropped).</summary>
    public Task<int?> Closed => _closed.Task;

    /// <summary>Stopwatch timestamps at which INTERACTION_CREATE dispatches were written, by interaction id.</summary>
    public ConcurrentDictionary<string, long> InteractionSentAt { get; } = new();

    public async Task<JsonNode> NextAsync(int op, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var payload = await Received.Reader.ReadAsync(cts.Token);
            if (payload["op"]!.GetValue<int>() == op)
            {
                return payload;
            }
        }
    }

    public Task SendAsync(JsonNode payload) => SendRawAsync(payload.ToJsonString());

    public Task DispatchAsync(string type, JsonNode data)
    {
        var session = _session ??= new FakeGatewaySession();
        var seq = Interlocked.Increment(ref session.Sequence);
        if (type == "INTERACTION_CREATE")
        {
            InteractionSentAt[data["id"]!.GetValue<string>()] = Stopwatch.GetTimestamp();
        }

        return SendAsync(new JsonObject { ["op"] = 0, ["s"] = seq, ["t"] = type, ["d"] = data });
    }

    public async Task CloseAsync(int code)
    {
        await _sendLock.WaitAsync();
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, "fake close", CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public void Abort() => socket.Abort();

    internal async Task RunAsync(CancellationToken aborted)
    {
        if (server.IsFirstConnection() && server.FirstHelloDelay > TimeSpan.Zero)
        {
            await Task.Delay(server.FirstHelloDelay, aborted);
        }

        if (Interlocked.Decrement(ref server.SilentConnections) < 0)
        {
            Interlocked.Increment(ref server.SilentConnections);
            await SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = server.HeartbeatIntervalMs } });
        }

        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, aborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _closed.TrySetResult((int?)result.CloseStatus);
                        if (socket.State == WebSocketState.CloseReceived)
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        }

                        Received.Writer.TryComplete();
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                var receivedAt = Stopwatch.GetTimestamp();

                if (message.Length > 4096)
                {
                    throw new InvalidOperationException("The client sent a gateway payload over 4096 bytes.");
                }

                var payload = JsonNode.Parse(message.ToArray())!;
                Log.Enqueue(payload);
                await Received.Writer.WriteAsync(payload, aborted);
                await RespondAsync(payload, receivedAt);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            _closed.TrySetResult(null);
            Received.Writer.TryComplete();
        }
    }

    private async Task RespondAsync(JsonNode payload, long receivedAt)
    {
        switch (payload["op"]!.GetValue<int>())
        {
            case 1 when AckHeartbeats ?? server.AckHeartbeats:
                await SendAsync(new JsonObject { ["op"] = 11 });
                break;
            case 2 when server.CloseOnIdentify is { } code:
                await CloseAsync(code);
                break;
            case 2 when server.DisallowedIntents != 0 && ((payload["d"]?["intents"]?.GetValue<long>() ?? 0) & server.DisallowedIntents) != 0:
                // A privileged intent not enabled in the Developer Portal, as Discord answers it.
                await CloseAsync(4014);
                break;
            case 2 when !server.AcceptIdentify(payload["d"]?["shard"]?[0]?.GetValue<int>() ?? 0, receivedAt):
                await SendAsync(new JsonObject { ["op"] = 9, ["d"] = false });
                break;
            case 2:
                Shard = payload["d"]?["shard"] is JsonArray shard ? [.. shard.Select(n => n!.GetValue<int>())] : null;
                SessionId = "session-" + Guid.NewGuid().ToString("N");
                _session = server.Sessions[SessionId] = new FakeGatewaySession();
                await DispatchAsync("READY", new JsonObject
                {
                    ["v"] = 10,
                    ["user"] = new JsonObject { ["id"] = FakeDiscordServer.BotUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["username"] = "briefer", ["discriminator"] = "0", ["bot"] = true },
                    ["guilds"] = new JsonArray(),
                    ["session_id"] = SessionId,
                    ["resume_gateway_url"] = new Uri(server.BaseUrl, "gateway-resume").ToString().Replace("http://", "ws://", StringComparison.Ordinal),
                    ["shard"] = Shard is null ? new JsonArray(0, 1) : new JsonArray(Shard[0], Shard[1]),
                    ["application"] = new JsonObject { ["id"] = FakeDiscordServer.ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["flags"] = 0 },
                });
                break;
            case 6:
                SessionId = payload["d"]?["session_id"]?.GetValue<string>();
                _session = SessionId is not null && server.Sessions.TryGetValue(SessionId, out var resumed) ? resumed : new FakeGatewaySession();
                lock (server.AllConnections)
                {
                    Shard = server.AllConnections.LastOrDefault(c => c != this && c.SessionId == SessionId)?.Shard;
                }

                await DispatchAsync("RESUMED", new JsonObject());
                break;
            default:
                break;
        }
    }

    private async Task SendRawAsync(string json)
    {
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}

/// <summary>An IDENTIFY as the fake received it.</summary>
/// <param name="ReceivedAt">A <see cref="Stopwatch"/> timestamp.</param>
/// <param name="Refused">Answered with op 9 (too soon after the previous one of its bucket).</param>
public sealed record IdentifyArrival(int ShardId, int Bucket, long ReceivedAt, bool Refused);

/// <summary>One gateway session on the fake: its dispatch sequence continues across the connections that resume it.</summary>
internal sealed class FakeGatewaySession
{
    public int Sequence;
}
