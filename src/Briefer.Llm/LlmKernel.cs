using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Briefer.Llm;

/// <summary>
/// The Semantic Kernel configured for <see cref="LlmOptions.Provider"/>, with one long-lived HTTP client.
/// Retries and the time limit are Briefer's (see <see cref="LlmAnswerComposer"/>): with its own HTTP client the
/// OpenAI connector does not retry, and the client itself never times out.
/// </summary>
internal sealed class LlmKernel : IDisposable
{
    private readonly HttpClient _httpClient;

    public LlmKernel(IOptions<LlmOptions> options)
        : this(options.Value, CreateHttpClient())
    {
    }

    internal LlmKernel(LlmOptions options, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        var builder = Kernel.CreateBuilder();
        var modelId = options.ModelId ?? throw new InvalidOperationException("Llm:ModelId is not set.");
        switch (options.Provider)
        {
            case LlmProvider.OpenAI when options.Endpoint is null:
                builder.AddOpenAIChatCompletion(modelId, options.ApiKey!, httpClient: httpClient);
                break;
            case LlmProvider.OpenAI:
            case LlmProvider.OpenAICompatible:
                builder.AddOpenAIChatCompletion(modelId, options.Endpoint!, options.ApiKey, httpClient: httpClient);
                break;
            case LlmProvider.AzureOpenAI:
                builder.AddAzureOpenAIChatCompletion(modelId, options.Endpoint!.ToString(), options.ApiKey!, httpClient: httpClient);
                break;
            default:
                throw new InvalidOperationException($"Llm:Provider {options.Provider} has no model to call.");
        }

        Kernel = builder.Build();
    }

    public Kernel Kernel { get; }

    public void Dispose() => _httpClient.Dispose();

    private static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
}
