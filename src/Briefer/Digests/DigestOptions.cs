using Microsoft.Extensions.Options;
using NodaTime;

namespace Briefer.Digests;

/// <summary>Settings of scheduled digests (section <c>Digests</c>).</summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>Whether <c>briefer run</c> posts scheduled digests (schedules are kept either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduler looks for due digests (it also wakes when a schedule is added).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a worker holds a run before another worker on the same data directory may take it over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The first retry delay after a failed post (doubled per attempt, never past the next regular run).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts at one run before it is skipped (the next digest then covers its period too).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// The one line posted when nothing new is relevant (<c>{topic}</c> and <c>{since}</c> are filled in); unset: post
    /// nothing.
    /// </summary>
    public string? NothingNewMessage { get; set; }

    /// <summary>Whether digests notify members; false (the default) posts them as silent messages (SUPPRESS_NOTIFICATIONS).</summary>
    public bool Notify { get; set; }

    /// <summary>The IANA time zone of schedules added without one.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>Schedules one server may have.</summary>
    public int MaxSchedulesPerServer { get; set; } = 10;
}

/// <summary>Checks <see cref="DigestOptions"/> at start, naming the setting at fault.</summary>
public sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PollInterval < TimeSpan.FromSeconds(1) || options.PollInterval > TimeSpan.FromHours(1))
        {
            failures.Add("Digests:PollInterval must be between 00:00:01 and 01:00:00.");
        }

        if (options.LeaseDuration < TimeSpan.FromMinutes(1))
        {
            failures.Add("Digests:LeaseDuration must be at least 00:01:00 (longer than composing and posting one digest takes).");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.MaxAttempts is < 1 or > 20)
        {
            failures.Add("Digests:RetryDelay must be positive and Digests:MaxAttempts between 1 and 20.");
        }

        if (options.NothingNewMessage is { Length: > 1000 })
        {
            failures.Add("Digests:NothingNewMessage must be at most 1000 characters.");
        }

        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.DefaultTimeZone ?? string.Empty) is null)
        {
            failures.Add($"Digests:DefaultTimeZone '{options.DefaultTimeZone}' is not an IANA time zone, e.g. Europe/Madrid or UTC.");
        }

        if (options.MaxSchedulesPerServer is < 1 or > 1000)
        {
            failures.Add("Digests:MaxSchedulesPerServer must be between 1 and 1000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
