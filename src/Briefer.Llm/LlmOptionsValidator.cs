using Microsoft.Extensions.Options;

namespace Briefer.Llm;

/// <summary>
/// Checks <see cref="LlmOptions"/> at start, naming the setting that is wrong, and loads the prompts so that a missing
/// or broken prompt stops the host before the first question. Never puts the API key in a message.
/// </summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            errors.Add($"Llm:Provider must be one of {string.Join(", ", Enum.GetNames<LlmProvider>())}.");
        }

        if (options.Provider == LlmProvider.None)
        {
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        if (string.IsNullOrWhiteSpace(options.ModelId))
        {
            errors.Add(options.Provider == LlmProvider.AzureOpenAI
                ? "Llm:ModelId (the Azure OpenAI deployment name) is required when Llm:Provider is AzureOpenAI."
                : $"Llm:ModelId is required when Llm:Provider is {options.Provider}.");
        }

        if (options.Provider is LlmProvider.AzureOpenAI or LlmProvider.OpenAICompatible && options.Endpoint is null)
        {
            errors.Add($"Llm:Endpoint is required when Llm:Provider is {options.Provider}.");
        }

        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add("Llm:Endpoint must be an absolute http or https address.");
        }

        if (options.Provider is LlmProvider.OpenAI or LlmProvider.AzureOpenAI && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            errors.Add($"Llm:ApiKey is required when Llm:Provider is {options.Provider}: set the environment variable {LlmOptions.ApiKeyVariables[0]} (or {LlmOptions.ApiKeyVariables[1]}).");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            errors.Add("Llm:Timeout must be more than 0 and at most 00:10:00.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add("Llm:MaxRetries must be between 0 and 10.");
        }

        if (options.MinLexicalSupport is <= 0 or > 1)
        {
            errors.Add("Llm:MinLexicalSupport must be more than 0 and at most 1.");
        }

        if (options.MinSimilarity is < -1 or > 1)
        {
            errors.Add("Llm:MinSimilarity must be between -1 and 1.");
        }

        if (options.MinSurvivingShare is < 0 or > 1)
        {
            errors.Add("Llm:MinSurvivingShare must be between 0 and 1.");
        }

        if (errors.Count == 0)
        {
            try
            {
                _ = BriefingPrompts.Load(options.PromptsDirectory);
            }
            catch (PromptLoadException ex)
            {
                errors.Add(ex.Message);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
