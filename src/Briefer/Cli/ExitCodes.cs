namespace Briefer.Cli;

/// <summary>The process exit codes of the CLI (documented in the README).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input: a file that could not be ingested, an empty question, an unknown document id.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;

    /// <summary>Configuration or start-up failed (invalid settings, unwritable data directory, model mismatch).</summary>
    public const int Configuration = 3;

    public const int Cancelled = 130;
}
