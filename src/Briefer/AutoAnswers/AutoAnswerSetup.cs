using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.AutoAnswers;

/// <summary>Registers automatic answers' settings and store (the bot's side is in <c>AddDiscordBot()</c>).</summary>
public static class AutoAnswerSetup
{
    public static IServiceCollection AddAutoAnswers(this IServiceCollection services)
    {
        services.AddOptions<AutoAnswerOptions>().BindConfiguration(AutoAnswerOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AutoAnswerOptions>, AutoAnswerOptionsValidator>());
        services.TryAddSingleton<AutoAnswerStore>();
        return services;
    }
}
