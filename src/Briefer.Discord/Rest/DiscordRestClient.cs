using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Briefer.Discord.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Discord.Rest;

/// <summary>
/// Discord's HTTP API: the handful of routes Briefer uses. Honours per-route buckets (keyed by bucket hash and major
/// parameters, so every interaction has its own), the global limit and global 429s (which interaction routes are exempt
/// from), and retries after <c>retry_after</c>. Routes are logged by template; tokens (bot or interaction) never are.
/// </summary>
public sealed class DiscordRestClient(
    IHttpClientFactory httpClientFactory,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordRestClient> logger)
{
    /// <summary>The name of the <see cref="HttpClient"/> registered for Discord.</summary>
    public const string HttpClientName = "Briefer.Discord";

    /// <summary>Sent on every request, as Discord asks: <c>DiscordBot ($url, $version)</c>.</summary>
    public const string UserAgent = "DiscordBot (https://github.com/briefer/briefer, 1.0)";

    private const int MaxAttempts = 4;
    private readonly RestRateLimiter _limiter = new(time);

    public Task<GatewayBotResponse> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "gateway/bot", RestRoute.Plain("GET /gateway/bot"), null, DiscordJsonContext.Default.GatewayBotResponse, cancellationToken)!;

    public Task<List<ApplicationCommand>> GetCommandsAsync(AppId application, GuildId? guild, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, CommandsPath(application, guild), CommandsRoute("GET", application, guild), null, DiscordJsonContext.Default.ListApplicationCommand, cancellationToken)!;

    /// <summary>Bulk Overwrite: replaces all commands (global, or one guild's). Idempotent, so retried on a server error.</summary>
    public Task<List<ApplicationCommand>> BulkOverwriteCommandsAsync(AppId application, GuildId? guild, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var body = JsonContent(commands.ToList(), DiscordJsonContext.Default.ListApplicationCommand);
        return SendAsync(HttpMethod.Put, CommandsPath(application, guild), CommandsRoute("PUT", application, guild), body, DiscordJsonContext.Default.ListApplicationCommand, cancellationToken)!;
    }

    /// <summary>Create Interaction Response (the first answer: a message or a deferral). Never retried on a server error: it may have landed.</summary>
    public Task CreateInteractionResponseAsync(InteractionId id, string token, InteractionResponseParams response, CancellationToken cancellationToken) =>
        SendAsync<bool>(HttpMethod.Post, CallbackPath(id, token), RestRoute.ForInteraction(CallbackRoute, id, token), JsonContent(response, DiscordJsonContext.Default.InteractionResponseParams), null, cancellationToken);

    public Task CreateAutocompleteResponseAsync(InteractionId id, string token, AutocompleteResponseParams response, CancellationToken cancellationToken) =>
        SendAsync<bool>(HttpMethod.Post, CallbackPath(id, token), RestRoute.ForInteraction(CallbackRoute, id, token), JsonContent(response, DiscordJsonContext.Default.AutocompleteResponseParams), null, cancellationToken);

    /// <summary>Create Interaction Response with a modal (type 9): only as the first response to a command, button or select.</summary>
    public Task CreateModalResponseAsync(InteractionId id, string token, ModalResponseParams response, CancellationToken cancellationToken) =>
        SendAsync<bool>(HttpMethod.Post, CallbackPath(id, token), RestRoute.ForInteraction(CallbackRoute, id, token), JsonContent(response, DiscordJsonContext.Default.ModalResponseParams), null, cancellationToken);

    /// <summary>Edit Original Interaction Response (replaces the deferral's "thinking…").</summary>
    public Task<DiscordMessage?> EditOriginalResponseAsync(AppId application, string token, MessageParams message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"webhooks/{application}/{Uri.EscapeDataString(token)}/messages/@original", RestRoute.ForInteractionWebhook("PATCH /webhooks/:application/:token/messages/@original", application, token),
            JsonContent(message, DiscordJsonContext.Default.MessageParams), DiscordJsonContext.Default.DiscordMessage, cancellationToken);

    /// <summary>Delete Original Interaction Response (e.g. to replace a public "thinking…" with a private error).</summary>
    public Task DeleteOriginalResponseAsync(AppId application, string token, CancellationToken cancellationToken) =>
        SendAsync<bool>(HttpMethod.Delete, $"webhooks/{application}/{Uri.EscapeDataString(token)}/messages/@original", RestRoute.ForInteractionWebhook("DELETE /webhooks/:application/:token/messages/@original", application, token),
            null, null, cancellationToken);

    /// <summary>Create Followup Message (e.g. an ephemeral error after a public deferral). Never retried on a server error.</summary>
    public Task<DiscordMessage?> CreateFollowupMessageAsync(AppId application, string token, MessageParams message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"webhooks/{application}/{Uri.EscapeDataString(token)}", RestRoute.ForInteractionWebhook("POST /webhooks/:application/:token", application, token),
            JsonContent(message, DiscordJsonContext.Default.MessageParams), DiscordJsonContext.Default.DiscordMessage, cancellationToken);

    /// <summary>
    /// Create Message in a channel or thread (replies to mentions, follow-ups, DMs). Sent with a fresh <c>nonce</c> and
    /// <c>enforce_nonce</c>, so Discord drops a duplicate and the call can be retried safely on a server error.
    /// </summary>
    public Task<DiscordMessage?> CreateMessageAsync(ChannelId channel, MessageParams message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var withNonce = message.Nonce is null ? message with { Nonce = NewNonce(), EnforceNonce = true } : message;
        return SendAsync(HttpMethod.Post, $"channels/{channel}/messages", RestRoute.ForChannel("POST /channels/:channel/messages", channel),
            JsonContent(withNonce, DiscordJsonContext.Default.MessageParams), DiscordJsonContext.Default.DiscordMessage, cancellationToken, idempotent: withNonce.EnforceNonce == true);
    }

    /// <summary>Start Thread from Message: a public thread on <paramref name="message"/>; its id equals the message's.</summary>
    public Task<DiscordChannel?> StartThreadFromMessageAsync(ChannelId channel, MessageId message, StartThreadParams thread, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"channels/{channel}/messages/{message}/threads", RestRoute.ForChannel("POST /channels/:channel/messages/:message/threads", channel),
            JsonContent(thread, DiscordJsonContext.Default.StartThreadParams), DiscordJsonContext.Default.DiscordChannel, cancellationToken);

    /// <summary>
    /// Modify Channel for a thread (<c>PATCH /channels/{thread.id}</c>): e.g. a forum post's applied tags, which Discord
    /// replaces as a whole (at most 5). Needs Manage Threads, or to be the post's owner.
    /// </summary>
    public Task<DiscordChannel?> ModifyThreadAsync(ChannelId thread, ModifyThreadParams changes, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"channels/{thread}", RestRoute.ForChannel("PATCH /channels/:channel", thread),
            JsonContent(changes, DiscordJsonContext.Default.ModifyThreadParams), DiscordJsonContext.Default.DiscordChannel, cancellationToken);

    /// <summary>Trigger Typing Indicator: "Briefer is typing…" for about 10 s, or until the bot's next message.</summary>
    public Task TriggerTypingAsync(ChannelId channel, CancellationToken cancellationToken) =>
        SendAsync<bool>(HttpMethod.Post, $"channels/{channel}/typing", RestRoute.ForChannel("POST /channels/:channel/typing", channel), null, null, cancellationToken, idempotent: true);

    /// <summary>How many rate-limit buckets the client tracks (for tests: it must stay bounded).</summary>
    internal int RateLimiterBucketCount => _limiter.BucketCount;

    private const string CallbackRoute = "POST /interactions/:id/:token/callback";

    private static string CallbackPath(InteractionId id, string token) => $"interactions/{id}/{Uri.EscapeDataString(token)}/callback";

    private static string NewNonce() => ((ulong)Random.Shared.NextInt64(1, long.MaxValue)).ToString(CultureInfo.InvariantCulture);

    private static string CommandsPath(AppId application, GuildId? guild) =>
        guild is { } g ? $"applications/{application}/guilds/{g}/commands" : $"applications/{application}/commands";

    private static RestRoute CommandsRoute(string method, AppId application, GuildId? guild) =>
        RestRoute.ForApplication(guild is null ? $"{method} /applications/:application/commands" : $"{method} /applications/:application/guilds/:guild/commands", application, guild);

    private static ByteArrayContent JsonContent<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <param name="route">
    /// The rate limiter's key (the route and its major parameters, tokens hashed) and the log's name for the call (the
    /// template, never a token).
    /// </param>
    /// <param name="idempotent">
    /// Whether a 5xx may be retried. GET, PUT, PATCH and DELETE are; a POST only when it carries an enforced nonce,
    /// since a 5xx does not prove the first attempt failed and a retried message create would post twice.
    /// </param>
    private async Task<T?> SendAsync<T>(HttpMethod method, string path, RestRoute route, ByteArrayContent? body, JsonTypeInfo<T>? responseType, CancellationToken cancellationToken, bool? idempotent = null)
    {
        var retryServerErrors = idempotent ?? method != HttpMethod.Post;
        var bodyBytes = body is null ? null : await body.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        body?.Dispose();
        var baseUrl = options.Value.ApiBaseUrl.ToString().TrimEnd('/') + "/";
        for (var attempt = 1; ; attempt++)
        {
            await _limiter.WaitAsync(route, cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, new Uri(new Uri(baseUrl), path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", options.Value.Token);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            if (bodyBytes is not null)
            {
                request.Content = new ByteArrayContent(bodyBytes);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _limiter.Update(route, response.Headers);
            var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var error = ReadError(payload);
                var retryAfter = TimeSpan.FromSeconds(error?.RetryAfter
                    ?? (double.TryParse(response.Headers.TryGetValues("Retry-After", out var ra) ? ra.FirstOrDefault() : null, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 1));
                var global = error?.Global == true || response.Headers.Contains("X-RateLimit-Global");
                _limiter.OnRateLimited(route, retryAfter, global);
                Log.RestRateLimited(logger, route.Name, retryAfter.TotalSeconds, global, attempt);
                if (attempt < MaxAttempts)
                {
                    continue;
                }
            }
            else if ((int)response.StatusCode >= 500 && retryServerErrors && attempt < MaxAttempts)
            {
                Log.RestServerError(logger, route.Name, (int)response.StatusCode, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt), time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                var error = ReadError(payload);
                Log.RestFailed(logger, route.Name, (int)response.StatusCode, error?.Code);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    throw new DiscordFatalException($"Discord rejected the bot token on {route.Name} (401). Set Discord:Token / DISCORD_TOKEN to the token from the Developer Portal's Bot page.");
                }

                throw new DiscordRestException(response.StatusCode, error?.Code, route.Name, error?.Message);
            }

            Log.RestSucceeded(logger, route.Name, (int)response.StatusCode);
            return responseType is null || payload.Length == 0 ? default : JsonSerializer.Deserialize(payload, responseType);
        }
    }

    private static DiscordErrorBody? ReadError(byte[] payload)
    {
        try
        {
            return payload.Length == 0 ? null : JsonSerializer.Deserialize(payload, DiscordJsonContext.Default.DiscordErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
