using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Briefer.Discord;
using Briefer.Discord.Rest;
using Briefer.Llm;
using Briefer.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefer.Cli.Doctor;

/// <summary>The doctor's checks of services outside Briefer: Discord (the bot token) and the model endpoint.</summary>
internal static class ServiceChecks
{
    private static readonly TimeSpan EndpointTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The bot token is set and Discord accepts it (<c>GET /gateway/bot</c>, which needs a valid bot token). Without a
    /// token this is a note, unless <paramref name="forBot"/> says <c>run</c> will be used.
    /// </summary>
    public static async Task<DoctorCheck> DiscordAsync(IConfiguration configuration, bool forBot, CancellationToken cancellationToken)
    {
        const string Name = "discord token";
        var token = configuration[$"{DiscordOptions.Section}:{nameof(DiscordOptions.Token)}"] is { Length: > 0 } fromSection ? fromSection : configuration["DISCORD_TOKEN"];
        if (string.IsNullOrWhiteSpace(token))
        {
            const string Detail = "not set. Only 'run' (the Discord bot) needs it: export DISCORD_TOKEN=<token from the Developer Portal, Bot → Reset Token> (docs/discord.md).";
            return forBot ? DoctorCheck.Fail(Name, Detail) : DoctorCheck.Skip(Name, Detail);
        }

        var services = new ServiceCollection().AddSingleton(configuration).AddLogging().AddDiscordClient();
        await using var provider = services.BuildServiceProvider();
        DiscordOptions options;
        try
        {
            options = provider.GetRequiredService<IOptions<DiscordOptions>>().Value;
        }
        catch (Exception ex) when (SettingsErrors.Describe(ex, configuration) is { } settingsError)
        {
            return DoctorCheck.Fail(Name, "invalid Discord settings: " + settingsError);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(EndpointTimeout);
        try
        {
            var gateway = await provider.GetRequiredService<DiscordRestClient>().GetGatewayBotAsync(timeout.Token).ConfigureAwait(false);
            return DoctorCheck.Ok(Name, $"set, and accepted by {options.ApiBaseUrl.Host} ({gateway.Shards} shard{(gateway.Shards == 1 ? string.Empty : "s")} recommended).");
        }
        catch (Exception ex) when (ex is DiscordFatalException || (ex is DiscordRestException rest && rest.Status == HttpStatusCode.Unauthorized))
        {
            // The REST client reports a refused bot token (401) as fatal: the bot could never start with it.
            return DoctorCheck.Fail(Name, "Discord refused the token (401 Unauthorized). Copy a new one from the Developer Portal (Bot → Reset Token) into DISCORD_TOKEN, without a 'Bot ' prefix.");
        }
        catch (DiscordRestException ex)
        {
            return DoctorCheck.Fail(Name, ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return DoctorCheck.Fail(Name, $"cannot reach {options.ApiBaseUrl} ({(ex is OperationCanceledException ? "no answer in time" : ex.Message.TrimEnd('.'))}). Check this machine's network, or Discord:ApiBaseUrl.");
        }
    }

    /// <summary>
    /// The model endpoint answers and accepts the key: <c>GET models</c> (OpenAI and compatible servers; the models of an
    /// Azure resource), which costs no tokens. Skipped when answers are extractive (<c>Llm:Provider</c> None).
    /// </summary>
    public static async Task<DoctorCheck> LlmEndpointAsync(LlmOptions llm, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        const string Name = "llm endpoint";
        if (llm.Provider == LlmProvider.None)
        {
            return DoctorCheck.Skip(Name, "not configured (Llm:Provider is None): answers quote the documents; no model is needed.");
        }

        var endpoint = llm.Endpoint ?? new Uri("https://api.openai.com/v1/");
        var shown = DoctorChecks.WithoutCredentials(endpoint);
        var baseUri = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        using var request = new HttpRequestMessage(HttpMethod.Get, llm.Provider == LlmProvider.AzureOpenAI ? new Uri(baseUri, "openai/models?api-version=2024-10-21") : new Uri(baseUri, "models"));
        if (llm.ApiKey is { Length: > 0 } key)
        {
            if (llm.Provider == LlmProvider.AzureOpenAI)
            {
                request.Headers.Add("api-key", key);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
        }

        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = EndpointTimeout;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return DoctorCheck.Fail(Name, $"{shown} refused the API key ({(int)response.StatusCode} {response.StatusCode}). Check LLM_API_KEY (or OPENAI_API_KEY, Llm:ApiKey).");
            }

            if (!response.IsSuccessStatusCode)
            {
                return DoctorCheck.Warn(Name, $"{shown} is reachable but answered {(int)response.StatusCode} {response.StatusCode} to a model list request. If answers fall back to quotes, check that Llm:Endpoint is the API's base URL (e.g. http://localhost:11434/v1).");
            }

            var models = await ListedModelsAsync(response, cancellationToken).ConfigureAwait(false);
            return llm.Provider != LlmProvider.AzureOpenAI && llm.ModelId is { Length: > 0 } model && models.Count > 0 && !models.Contains(model)
                ? DoctorCheck.Warn(Name, $"{shown} is reachable, but model '{model}' is not among the {models.Count} it lists. Check Llm:ModelId.")
                : DoctorCheck.Ok(Name, $"{shown} is reachable and accepts the key{(llm.ModelId is { Length: > 0 } id ? $"; model '{id}'" : string.Empty)}.");
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return DoctorCheck.Fail(Name, $"cannot reach {shown} ({(ex is OperationCanceledException ? "no answer in time" : ex.Message.TrimEnd('.'))}). Until it answers, Briefer gives extractive answers with a note.");
        }
    }

    /// <summary>The model ids of an OpenAI-style list (<c>{"data": [{"id": …}]}</c>); empty when the body is another shape.</summary>
    private static async Task<HashSet<string>> ListedModelsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.GetString() is { } value)
                    {
                        ids.Add(value);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a list Briefer understands: reachability is what this check is about.
        }

        return ids;
    }
}
