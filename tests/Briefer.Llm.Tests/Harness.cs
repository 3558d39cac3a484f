using Briefer.Core.Answering;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Llm.Tests;

/// <summary>An <see cref="LlmAnswerComposer"/> talking over HTTP, through Semantic Kernel, to a <see cref="FakeChatServer"/>.</summary>
internal sealed class Harness : IAsyncDisposable
{
    public const string ApiKey = "sk-test-secret-0123456789";

    private readonly LlmKernel _kernel;

    private Harness(FakeChatServer server, LlmOptions options)
    {
        Server = server;
        Options = options;
        _kernel = new LlmKernel(options, new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan });
        Extractive = new ExtractiveAnswerComposer(Microsoft.Extensions.Options.Options.Create(new AnswerOptions()), SharedEmbeddings.Selector);
        Composer = new LlmAnswerComposer(_kernel, BriefingPrompts.Load(null), Extractive, Microsoft.Extensions.Options.Options.Create(options), Time, Logger, SharedEmbeddings.Instance);
    }

    public FakeChatServer Server { get; }

    public LlmOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero));

    public TestLogger<LlmAnswerComposer> Logger { get; } = new();

    public ExtractiveAnswerComposer Extractive { get; }

    public LlmAnswerComposer Composer { get; }

    public static async Task<Harness> StartAsync(params ScriptedReply[] script) => await StartAsync(_ => { }, script);

    public static async Task<Harness> StartAsync(Action<LlmOptions> configure, params ScriptedReply[] script)
    {
        var server = await FakeChatServer.StartAsync(script);
        var options = new LlmOptions
        {
            Provider = LlmProvider.OpenAICompatible,
            ModelId = "test-model",
            Endpoint = server.Endpoint,
            ApiKey = ApiKey,
            Timeout = TimeSpan.FromSeconds(30),
            MaxRetries = 0,
        };
        configure(options);
        return new Harness(server, options);
    }

    public async ValueTask DisposeAsync()
    {
        _kernel.Dispose();
        await Server.DisposeAsync();
    }
}
