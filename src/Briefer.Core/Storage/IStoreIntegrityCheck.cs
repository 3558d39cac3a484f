namespace Briefer.Core.Storage;

/// <summary>A store that can look for damage in its own data without changing it (what <c>briefer doctor</c> runs).</summary>
public interface IStoreIntegrityCheck
{
    /// <summary>
    /// Null when the data is sound; else one line saying what is damaged and the command that repairs it. Failures to
    /// reach the store are thrown as usual (<see cref="StoreFailureException"/>, or the store's own reachability errors).
    /// </summary>
    Task<string?> CheckIntegrityAsync(CancellationToken cancellationToken);
}
