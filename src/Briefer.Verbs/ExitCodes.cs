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

    /// <summary>
    /// <c>health</c>: the bot is starting: it has not yet had its first gateway READY (every shard of the process
    /// connected). 75 is sysexits' EX_TEMPFAIL, "try again later": not healthy yet, not broken either.
    /// </summary>
    public const int Starting = 75;

    public const int Cancelled = 130;
}
