using Briefer.Core.Answering;
using Microsoft.Extensions.Options;

namespace Briefer.AutoAnswers;

/// <summary>Whether the bot asks Discord for the privileged Message Content intent, which answering un-addressed messages needs.</summary>
public enum MessageContentRequest
{
    /// <summary>Requested when at least one channel is configured for automatic answers (read at start).</summary>
    Auto,

    /// <summary>Always requested (refused gracefully when the Developer Portal does not allow it).</summary>
    Always,

    /// <summary>Never requested: forum titles still work, message text does not.</summary>
    Never,
}

/// <summary>Settings of automatic answers in help and forum channels (section <c>AutoAnswer</c>).</summary>
public sealed class AutoAnswerOptions
{
    public const string Section = "AutoAnswer";

    /// <summary>
    /// The automatic threshold: the estimated probability that an answer is right (<c>Answer.Confidence</c>, the answer
    /// model's calibrated confidence) that it needs to be posted without anyone asking. Default
    /// <see cref="DefaultMinConfidence"/>.
    /// </summary>
    public double MinConfidence { get; set; } = DefaultMinConfidence;

    /// <summary>
    /// The measured default of <see cref="MinConfidence"/>, read from the shipped answer model's record so it cannot drift
    /// from what training measured: the lowest confidence at which, held out (each documentation set's confidences from a
    /// calibration fitted without it), at most 5 % of the answers posted over the documentation sets were wrong
    /// (README, "Automatic answers"; <c>briefer train answers</c> prints the table). An embedded model without the
    /// calibration (a build between a change and its retraining) gives 1, posting nothing; such a model does not load
    /// (<see cref="AnswerModel.Load(Stream)"/> names what is missing), but the CLI still starts so <c>briefer train answers</c> can run.
    /// </summary>
    public static double DefaultMinConfidence => AnswerModel.ShippedInfo.Confidence?.AutoThreshold ?? 1;

    /// <summary>How long Briefer waits after a new post or question before answering (posters often add a second message).</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>At most this many automatic answers (and hand-offs) per member per hour.</summary>
    public int MaxPerMemberPerHour { get; set; } = 3;

    /// <summary>At most this many automatic answers (and hand-offs) per channel (a forum counts with its posts) per hour.</summary>
    public int MaxPerChannelPerHour { get; set; } = 20;

    /// <summary>Whether to request the Message Content intent (see <see cref="MessageContentRequest"/>).</summary>
    public MessageContentRequest MessageContent { get; set; } = MessageContentRequest.Auto;
}

/// <summary>Checks <see cref="AutoAnswerOptions"/> at start, naming the setting at fault.</summary>
public sealed class AutoAnswerOptionsValidator : IValidateOptions<AutoAnswerOptions>
{
    public ValidateOptionsResult Validate(string? name, AutoAnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MinConfidence is < 0 or > 1 || double.IsNaN(options.MinConfidence))
        {
            failures.Add($"AutoAnswer:MinConfidence must be between 0 and 1 (default {AutoAnswerOptions.DefaultMinConfidence}).");
        }

        if (options.Debounce < TimeSpan.Zero || options.Debounce > TimeSpan.FromMinutes(10))
        {
            failures.Add("AutoAnswer:Debounce must be between 00:00:00 and 00:10:00 (default 00:00:20).");
        }

        if (options.MaxPerMemberPerHour is < 1 or > 1000)
        {
            failures.Add("AutoAnswer:MaxPerMemberPerHour must be between 1 and 1000.");
        }

        if (options.MaxPerChannelPerHour is < 1 or > 10000)
        {
            failures.Add("AutoAnswer:MaxPerChannelPerHour must be between 1 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
