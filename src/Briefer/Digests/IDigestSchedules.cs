using Briefer.Core.Documents;

namespace Briefer.Digests;

/// <summary>
/// Digest schedules as admins manage them: the application service behind <c>/digest add|list|remove|run</c> (one
/// server = one scope). Errors meant for the admin are <see cref="ArgumentException"/>s whose message says what to do.
/// </summary>
public interface IDigestSchedules
{
    /// <summary>Adds a schedule; its first digest covers one period back (or <see cref="NewDigestSchedule.Since"/>).</summary>
    /// <exception cref="ArgumentException">A bad topic, cadence, time, time zone or since, or the server has too many schedules.</exception>
    Task<DigestSchedule> AddAsync(NewDigestSchedule schedule, CancellationToken cancellationToken);

    /// <summary>The server's schedules, oldest first, each with its next run, its last outcome and, if disabled, why.</summary>
    Task<IReadOnlyList<DigestSchedule>> ListAsync(ScopeId scope, CancellationToken cancellationToken);

    /// <summary>Removes a schedule of the server; false when it has none with that id.</summary>
    Task<bool> RemoveAsync(ScopeId scope, DigestScheduleId id, CancellationToken cancellationToken);

    /// <summary>Posts the schedule's digest now (what is new since its previous digest); its regular runs stay as they are.</summary>
    /// <exception cref="ArgumentException">The server has no schedule with that id.</exception>
    Task<DigestRunResult> RunNowAsync(ScopeId scope, DigestScheduleId id, CancellationToken cancellationToken);
}
