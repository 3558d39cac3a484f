namespace Briefer.Llm;

/// <summary>Which model service writes answers.</summary>
public enum LlmProvider
{
    /// <summary>No model: answers are extractive (quoted sentences).</summary>
    None,

    /// <summary>api.openai.com (or <see cref="LlmOptions.Endpoint"/> when set); needs <see cref="LlmOptions.ApiKey"/>.</summary>
    OpenAI,

    /// <summary>An Azure OpenAI resource; <see cref="LlmOptions.ModelId"/> is the deployment name.</summary>
    AzureOpenAI,

    /// <summary>Any server speaking the OpenAI chat-completions API (Ollama, vLLM, LM Studio) at <see cref="LlmOptions.Endpoint"/>.</summary>
    OpenAICompatible,
}

/// <summary>Settings of model-written answers (section <c>Llm</c>). Validated at start by <see cref="LlmOptionsValidator"/>.</summary>
/// <remarks>
/// No member is <c>required</c>: with the default <see cref="LlmProvider.None"/> nothing else is needed, and what the
/// other providers need differs, so the validator checks it per provider and names the missing setting.
/// </remarks>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    /// <summary>Environment variables read for <see cref="ApiKey"/> when <c>Llm:ApiKey</c> is not set, in this order.</summary>
    public static readonly IReadOnlyList<string> ApiKeyVariables = ["LLM_API_KEY", "OPENAI_API_KEY"];

    public LlmProvider Provider { get; set; } = LlmProvider.None;

    /// <summary>The model id (OpenAI, OpenAICompatible) or deployment name (AzureOpenAI).</summary>
    public string? ModelId { get; set; }

    /// <summary>The service's base address, e.g. <c>http://localhost:11434/v1</c> for Ollama.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The service's key. Set it from the environment (<c>LLM_API_KEY</c> or <c>OPENAI_API_KEY</c>), never in a committed file; never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one answer may take, retries included, before the extractive answer is given instead.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a rate-limited (429) or failing (5xx) call is retried within <see cref="Timeout"/>.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The folder holding <c>Briefing/Answer</c> and <c>Briefing/Brief</c>; default: <c>prompts</c> next to the binary, else in the repository.</summary>
    public string? PromptsDirectory { get; set; }

    /// <summary>The share of a sentence's content words that the quotes of the sources it cites must contain for it to be kept.</summary>
    public double MinLexicalSupport { get; set; } = CitationChecker.DefaultMinLexicalSupport;

    /// <summary>
    /// The cosine similarity a cited source's closest sentence must reach for it to count, when an embedding generator is
    /// registered (the default is measured for snowflake-arctic-embed-xs; see <c>prompts/README.md</c>).
    /// </summary>
    public double MinSimilarity { get; set; } = CitationChecker.DefaultMinSimilarity;

    /// <summary>When fewer than this share of the model's sentences survive the citation check, the extractive answer is given instead.</summary>
    public double MinSurvivingShare { get; set; } = CitationChecker.DefaultMinSurvivingShare;
}
