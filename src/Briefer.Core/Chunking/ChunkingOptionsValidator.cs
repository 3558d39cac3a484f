using Microsoft.Extensions.Options;

namespace Briefer.Core.Chunking;

/// <summary>
/// Fails start-up when the configured chunk size does not fit the embedding model: a chunk the model
/// would truncate loses text silently, so a misconfiguration must stop the host instead.
/// </summary>
public sealed class ChunkingOptionsValidator(ITokenCounter tokenCounter) : IValidateOptions<ChunkingOptions>
{
    /// <summary>The smallest useful chunk: fewer tokens leave room for barely a sentence.</summary>
    public const int MinMaxTokens = 32;

    public ValidateOptionsResult Validate(string? name, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var modelLimit = tokenCounter.MaxTokens;
        if (options.MaxTokens < MinMaxTokens || options.MaxTokens > modelLimit)
        {
            return ValidateOptionsResult.Fail(
                $"{ChunkingOptions.Section}:{nameof(ChunkingOptions.MaxTokens)} is {options.MaxTokens}, but it must be between "
                + $"{MinMaxTokens} and the embedding model's limit of {modelLimit} tokens (special tokens included). "
                + $"Set {ChunkingOptions.Section}:{nameof(ChunkingOptions.MaxTokens)} to at most {modelLimit}.");
        }

        if (options.OverlapSentences < 0)
        {
            return ValidateOptionsResult.Fail(
                $"{ChunkingOptions.Section}:{nameof(ChunkingOptions.OverlapSentences)} is {options.OverlapSentences}; it must be 0 or more.");
        }

        return ValidateOptionsResult.Success;
    }
}
