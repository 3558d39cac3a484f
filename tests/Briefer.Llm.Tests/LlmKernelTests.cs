using Microsoft.SemanticKernel.ChatCompletion;

namespace Briefer.Llm.Tests;

public sealed class LlmKernelTests
{
    [Theory]
    [InlineData(LlmProvider.OpenAI, null, "sk-key")]
    [InlineData(LlmProvider.OpenAI, "http://127.0.0.1:9/v1", "sk-key")]
    [InlineData(LlmProvider.AzureOpenAI, "https://example.openai.azure.com/", "azure-key")]
    [InlineData(LlmProvider.OpenAICompatible, "http://127.0.0.1:11434/v1", null)]
    public void Constructor_EachProvider_RegistersAChatService(LlmProvider provider, string? endpoint, string? key)
    {
        var options = new LlmOptions { Provider = provider, ModelId = "model", Endpoint = endpoint is null ? null : new Uri(endpoint), ApiKey = key };

        using var kernel = new LlmKernel(options, new HttpClient());

        Assert.NotNull(kernel.Kernel.GetRequiredService<IChatCompletionService>());
    }

    [Fact]
    public async Task ComposeAnswerAsync_OpenAICompatibleWithoutKey_SendsModelAndPromptSettings()
    {
        await using var harness = await Harness.StartAsync(o => o.ApiKey = null, new ScriptedReply.Completion("NO_ANSWER"));

        await harness.Composer.ComposeAnswerAsync("Why did Trump call off the second strike on Venezuela?", Samples.Strike(), CancellationToken.None);

        var request = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(harness.Server.Requests))!;
        Assert.Equal("test-model", (string?)request["model"]);
        Assert.Equal(0.0, (double?)request["temperature"]);
        Assert.Equal(400, (int?)(request["max_tokens"] ?? request["max_completion_tokens"]));
    }
}
