using Briefer.Core;
using Briefer.Core.Answering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefer.Llm.Tests;

public sealed class LlmSetupTests
{
    [Fact]
    public void AddLlmAnswers_ProviderNone_ComposerStaysExtractive()
    {
        using var services = Build([]);

        Assert.IsType<ExtractiveAnswerComposer>(services.GetRequiredService<IAnswerComposer>());
    }

    [Fact]
    public void AddLlmAnswers_ProviderOpenAICompatible_ComposerIsModelBacked()
    {
        using var services = Build(new()
        {
            ["Llm:Provider"] = "OpenAICompatible",
            ["Llm:ModelId"] = "llama3.1",
            ["Llm:Endpoint"] = "http://127.0.0.1:11434/v1",
        });

        Assert.IsType<LlmAnswerComposer>(services.GetRequiredService<IAnswerComposer>());
    }

    [Fact]
    public void AddLlmAnswers_ApiKeyInEnvironmentVariable_IsMappedIn()
    {
        using var services = Build(new()
        {
            ["Llm:Provider"] = "OpenAI",
            ["Llm:ModelId"] = "gpt-4o-mini",
            ["OPENAI_API_KEY"] = Harness.ApiKey,
        });

        Assert.Equal(Harness.ApiKey, services.GetRequiredService<IOptions<LlmOptions>>().Value.ApiKey);
    }

    [Theory]
    [InlineData("OpenAICompatible", "llama3.1", null, null, "Llm:Endpoint is required when Llm:Provider is OpenAICompatible.")]
    [InlineData("OpenAI", "gpt-4o-mini", null, null, "Llm:ApiKey is required when Llm:Provider is OpenAI: set the environment variable LLM_API_KEY (or OPENAI_API_KEY).")]
    [InlineData("AzureOpenAI", null, "https://example.openai.azure.com/", Harness.ApiKey, "Llm:ModelId (the Azure OpenAI deployment name) is required when Llm:Provider is AzureOpenAI.")]
    [InlineData("OpenAICompatible", "llama3.1", "ftp://127.0.0.1/v1", null, "Llm:Endpoint must be an absolute http or https address.")]
    public async Task StartAsync_InvalidSettings_FailsNamingTheSetting(string provider, string? model, string? endpoint, string? key, string expected)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Provider"] = provider,
            ["Llm:ModelId"] = model,
            ["Llm:Endpoint"] = endpoint,
            ["LLM_API_KEY"] = key,
        });
        builder.Services.AddLlmAnswers();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Failures);
        Assert.DoesNotContain(Harness.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PromptsDirectoryMissing_FailsWithThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "briefer-no-prompts-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "OpenAICompatible",
            ["Llm:ModelId"] = "llama3.1",
            ["Llm:Endpoint"] = "http://127.0.0.1:11434/v1",
            ["Llm:PromptsDirectory"] = missing,
        });
        builder.Services.AddLlmAnswers();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddBrieferCore()
            .AddLlmAnswers();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}
