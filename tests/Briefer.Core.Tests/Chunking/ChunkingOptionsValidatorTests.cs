using Briefer.Core.Chunking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Chunking;

public sealed class ChunkingOptionsValidatorTests
{
    [Fact]
    public void Validate_MaxTokensWithinModelLimit_Succeeds()
    {
        var result = new ChunkingOptionsValidator(new WordCountTokenCounter(512)).Validate(null, new ChunkingOptions { MaxTokens = 256 });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_MaxTokensAboveModelLimit_FailsNamingSettingAndLimit()
    {
        var result = new ChunkingOptionsValidator(new WordCountTokenCounter(512)).Validate(null, new ChunkingOptions { MaxTokens = 1024 });

        Assert.True(result.Failed);
        Assert.Contains("Chunking:MaxTokens", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("512", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MaxTokensBelowMinimum_Fails()
    {
        var result = new ChunkingOptionsValidator(new WordCountTokenCounter(512)).Validate(null, new ChunkingOptions { MaxTokens = 8 });

        Assert.True(result.Failed);
    }

    [Fact]
    public void AddSentenceChunking_MaxTokensAboveModelLimit_ThrowsWhenOptionsResolved()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Chunking:MaxTokens"] = "600" })
            .Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<ITokenCounter>(new WordCountTokenCounter(512))
            .AddSentenceChunking()
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ITextChunker>());

        Assert.Contains("Chunking:MaxTokens", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSentenceChunking_DefaultConfiguration_ResolvesSentenceChunker()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<ITokenCounter>(new WordCountTokenCounter(512))
            .AddSentenceChunking()
            .BuildServiceProvider();

        Assert.IsType<SentenceChunker>(provider.GetRequiredService<ITextChunker>());
        Assert.Equal(256, provider.GetRequiredService<IOptions<ChunkingOptions>>().Value.MaxTokens);
    }
}
