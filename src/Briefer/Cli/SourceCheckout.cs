namespace Briefer.Cli;

/// <summary>
/// Whether this program is a build inside a clone of the repository (run with <c>dotnet run</c>) or an installed copy
/// (the .NET tool, a published folder, a container): hints then name the command the user actually types, and the demo
/// reads the repository's own <c>samples/</c> rather than the copy in the build output.
/// </summary>
internal static class SourceCheckout
{
    private static readonly Lazy<string?> Root = new(() => FindRepository(AppContext.BaseDirectory));

    private static readonly Lazy<string> Invocation = new(() => InvocationFor(new Launch(
        Environment.ProcessPath,
        Path.Combine(AppContext.BaseDirectory, (System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "briefer") + ".dll"),
        RepositoryRoot,
        Environment.CurrentDirectory,
        Environment.GetEnvironmentVariable("PATH"))));

    /// <summary>The root of the clone this program was built in, or null when it is installed.</summary>
    public static string? RepositoryRoot => Root.Value;

    /// <summary>
    /// How to run a verb, as the user ran this one: <c>dotnet run --project src/Briefer --</c> under <c>dotnet run</c>
    /// (or <c>dotnet</c> of the built dll) in a clone, <c>dotnet app/briefer.dll</c> for an installed dll, else the
    /// executable: its name when its folder is on PATH (the .NET tool), its path otherwise (a published folder).
    /// </summary>
    public static string Command => Invocation.Value;

    /// <summary>How this process was started: what <see cref="InvocationFor(Launch)"/> decides from.</summary>
    /// <param name="ProcessPath">The running executable: the <c>dotnet</c> host, or the app's own apphost.</param>
    /// <param name="EntryAssembly">The app's dll, for <c>dotnet &lt;dll&gt;</c>.</param>
    internal sealed record Launch(string? ProcessPath, string EntryAssembly, string? RepositoryRoot, string CurrentDirectory, string? PathVariable);

    internal static string InvocationFor(Launch launch)
    {
        var process = launch.ProcessPath;
        var muxer = process is null || Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        if (launch.RepositoryRoot is { } root && (muxer || IsRunOutput(root, Path.GetDirectoryName(process)!)))
        {
            // `dotnet run` starts the apphost it built in src/Briefer/bin/<configuration>/<framework>; `dotnet` of the
            // built dll runs it from there too. That folder says which configuration the user built.
            var built = Path.GetDirectoryName(muxer ? launch.EntryAssembly : process)!;
            return DotnetRun(root, launch.CurrentDirectory, IsRunOutput(root, built) ? ConfigurationOf(built) : null);
        }

        if (muxer)
        {
            return "dotnet " + Quoted(Shown(launch.EntryAssembly, launch.CurrentDirectory));
        }

        var folder = Path.GetDirectoryName(process)!;
        var onPath = (launch.PathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(p => Same(p, folder));
        return onPath ? Path.GetFileNameWithoutExtension(process)! : Quoted(Shown(process!, launch.CurrentDirectory, relativeMark: true));
    }

    /// <summary>
    /// The command for a clone, from <paramref name="currentDirectory"/>; with <c>-c &lt;configuration&gt;</c> unless it is
    /// <c>dotnet run</c>'s default, Debug (the user typed it, and leaving it out would build and run another copy).
    /// </summary>
    internal static string DotnetRun(string repositoryRoot, string currentDirectory, string? configuration = null)
    {
        var project = Path.Combine(repositoryRoot, "src", "Briefer");
        var option = configuration is null || configuration.Equals("Debug", StringComparison.OrdinalIgnoreCase) ? string.Empty : $"-c {Quoted(configuration)} ";
        return $"dotnet run {option}--project {Quoted(Shown(project, currentDirectory))} --";
    }

    /// <summary>The configuration of a run output folder, <c>src/Briefer/bin/&lt;configuration&gt;/&lt;framework&gt;</c>.</summary>
    private static string ConfigurationOf(string runOutput) =>
        Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runOutput)))!);

    /// <summary>The nearest ancestor of <paramref name="start"/> that is a Briefer clone (it holds <c>Briefer.slnx</c> and <c>src/Briefer</c>).</summary>
    internal static string? FindRepository(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Briefer.slnx")) && File.Exists(Path.Combine(directory.FullName, "src", "Briefer", "Briefer.csproj")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="folder"/> is <c>src/Briefer/bin/&lt;configuration&gt;/&lt;framework&gt;</c> of the clone (not a publish folder under it).</summary>
    private static bool IsRunOutput(string root, string folder)
    {
        var bin = Path.GetFullPath(Path.Combine(root, "src", "Briefer", "bin"));
        var parent = Directory.GetParent(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)))?.Parent;
        return parent is not null && Same(parent.FullName, bin);
    }

    /// <summary>A path relative to the current directory when it is under it, else as it is.</summary>
    private static string Shown(string path, string currentDirectory, bool relativeMark = false)
    {
        var relative = Path.GetRelativePath(currentDirectory, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return path;
        }

        relative = relative.Replace('\\', '/');
        // An executable in the current folder is run as ./briefer: a bare name would be looked up on PATH.
        return relativeMark && !relative.Contains('/', StringComparison.Ordinal) ? "./" + relative : relative;
    }

    private static string Quoted(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    private static bool Same(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
