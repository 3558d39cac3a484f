using Briefer.Core.Answering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Llm;

/// <summary>Registers model-written answers.</summary>
public static class LlmSetup
{
    /// <summary>
    /// Binds and validates <see cref="LlmOptions"/> (section <c>Llm</c>; the API key also from <c>LLM_API_KEY</c> or
    /// <c>OPENAI_API_KEY</c>) at start. With <c>Llm:Provider</c> None (the default) nothing else is registered and
    /// answers stay extractive; otherwise the <see cref="IAnswerComposer"/> becomes the model-backed one, which falls
    /// back to <see cref="ExtractiveAnswerComposer"/>. Call after <c>AddBrieferCore()</c>.
    /// </summary>
    public static IServiceCollection AddLlmAnswers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.ApiKey))
                {
                    options.ApiKey = LlmOptions.ApiKeyVariables.Select(v => configuration[v]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());

        // Configuration is only readable once the container is built, so the composer is chosen when first resolved:
        // with None the selector hands out the extractive composer and nothing of the model is ever constructed.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LlmKernel>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            var prompts = BriefingPrompts.Load(options.PromptsDirectory);
            Log.PromptsLoaded(sp.GetRequiredService<ILogger<BriefingPrompts>>(), prompts.Directory);
            return prompts;
        });
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IAnswerComposer));
        var lifetime = existing?.Lifetime ?? ServiceLifetime.Singleton;
        services.TryAdd(new ServiceDescriptor(typeof(ExtractiveAnswerComposer), typeof(ExtractiveAnswerComposer), lifetime));
        services.TryAdd(new ServiceDescriptor(typeof(LlmAnswerComposer), typeof(LlmAnswerComposer), lifetime));
        services.Replace(new ServiceDescriptor(typeof(IAnswerComposer), sp => Select(sp), lifetime));
        return services;
    }

    private static IAnswerComposer Select(IServiceProvider services) =>
        services.GetRequiredService<IOptions<LlmOptions>>().Value.Provider == LlmProvider.None
            ? services.GetRequiredService<ExtractiveAnswerComposer>()
            : services.GetRequiredService<LlmAnswerComposer>();
}
