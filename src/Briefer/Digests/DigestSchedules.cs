using Briefer.Core.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Digests;

/// <summary>The <see cref="IDigestSchedules"/> of the worker: validates, stores, and wakes the scheduler.</summary>
public sealed class DigestSchedules(
    DigestScheduleStore store,
    DigestRunner runner,
    DigestSignal signal,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestSchedules> logger) : IDigestSchedules
{
    /// <summary>The longest topic accepted (it titles the digest).</summary>
    public const int MaxTopicLength = 200;

    public async Task<DigestSchedule> AddAsync(NewDigestSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var value = options.Value;
        var topic = schedule.Topic?.Trim() ?? string.Empty;
        if (topic.Length == 0 || topic.Length > MaxTopicLength)
        {
            throw new ArgumentException(topic.Length == 0
                ? "The topic is empty. Name what the digest is about, e.g. \"Venezuela\"."
                : $"The topic is {topic.Length} characters long; the limit is {MaxTopicLength}. Shorten it.");
        }

        if (!DigestRecurrence.TryParse(schedule.Every, schedule.At, schedule.TimeZone ?? value.DefaultTimeZone, out var recurrence, out var error))
        {
            throw new ArgumentException(error);
        }

        var existing = await store.ListAsync(schedule.Scope, cancellationToken).ConfigureAwait(false);
        if (existing.Count >= value.MaxSchedulesPerServer)
        {
            throw new ArgumentException($"This server already has {existing.Count} digests, the most allowed (Digests:MaxSchedulesPerServer). Remove one first.");
        }

        var now = time.GetUtcNow();
        var first = recurrence!.NextAfter(now);
        DateTimeOffset windowStart;
        DateOnly publishedSince;
        var since = schedule.Since?.Trim();
        if (since is null or "" || since.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            // The first digest covers one period, as every later one does.
            windowStart = recurrence.PreviousAtOrBefore(first.AddTicks(-1));
            publishedSince = recurrence.LocalDate(windowStart);
        }
        else if (SinceParser.TryParse(since, recurrence.LocalDate(now), out var date, out var sinceError))
        {
            windowStart = recurrence.StartOf(date);
            publishedSince = date;
        }
        else
        {
            throw new ArgumentException(sinceError + " Or use auto: the first digest covers one period back.");
        }

        var added = await store.AddAsync(
            new DigestSchedule(default, schedule.Scope, schedule.Channel, topic, recurrence, first, windowStart, publishedSince, now, schedule.CreatedBy),
            cancellationToken).ConfigureAwait(false);
        DigestLog.Added(logger, added.Id.Value, added.Scope.Value, added.Topic, added.Recurrence.ToString(), added.Channel.Value, added.NextRunAt);
        signal.Wake();
        return added;
    }

    public Task<IReadOnlyList<DigestSchedule>> ListAsync(Core.Documents.ScopeId scope, CancellationToken cancellationToken) => store.ListAsync(scope, cancellationToken);

    public async Task<bool> RemoveAsync(Core.Documents.ScopeId scope, DigestScheduleId id, CancellationToken cancellationToken)
    {
        var removed = await store.RemoveAsync(scope, id, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            DigestLog.Removed(logger, id.Value, scope.Value);
        }

        return removed;
    }

    public async Task<DigestRunResult> RunNowAsync(Core.Documents.ScopeId scope, DigestScheduleId id, CancellationToken cancellationToken)
    {
        var schedule = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (schedule is null || schedule.Scope != scope)
        {
            throw new ArgumentException($"This server has no digest #{id}. /digest list shows its digests.");
        }

        return await runner.RunAsync(schedule, scheduled: false, cancellationToken).ConfigureAwait(false);
    }
}
