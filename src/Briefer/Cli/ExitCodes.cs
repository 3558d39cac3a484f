namespace Briefer.Cli;

/// <summary>The process exit codes of the CLI (documented in the README).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input: a file that could not be ingested, an empty question, an unknown document id.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;

    /// <summary>Configuration or start-up failed (invalid settings, model mismatch, unreachable Qdrant).</summary>
    public const int Configuration = 3;

    /// <summary>The store failed: a damaged database, a full disk, a read-only file system (the message says which).</summary>
    public const int Storage = 4;

    public const int Cancelled = 130;
}
