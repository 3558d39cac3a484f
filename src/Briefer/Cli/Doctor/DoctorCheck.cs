namespace Briefer.Cli.Doctor;

/// <summary>How one check of <c>briefer doctor</c> came out.</summary>
internal enum CheckStatus
{
    Ok,

    /// <summary>Not applicable to this configuration (e.g. Qdrant when the store is SQLite).</summary>
    Skipped,

    /// <summary>Works, but something is likely not what the operator meant.</summary>
    Warning,

    /// <summary>Broken: the verb that needs it will fail. The detail says what to do.</summary>
    Failed,
}

/// <summary>One line of the doctor's report: what was checked, how it went, and (when not ok) what to do.</summary>
internal sealed record DoctorCheck(string Name, CheckStatus Status, string Detail)
{
    public static DoctorCheck Ok(string name, string detail) => new(name, CheckStatus.Ok, detail);

    public static DoctorCheck Skip(string name, string detail) => new(name, CheckStatus.Skipped, detail);

    public static DoctorCheck Warn(string name, string detail) => new(name, CheckStatus.Warning, detail);

    public static DoctorCheck Fail(string name, string detail) => new(name, CheckStatus.Failed, detail);
}
