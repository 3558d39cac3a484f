namespace Briefer.Cli;

/// <summary>
/// Whether this program is a build inside a clone of the repository (run with <c>dotnet run</c>) or an installed copy
/// (the .NET tool, a container): hints then name the command the user actually types, and the demo reads the
/// repository's own <c>samples/</c> rather than the copy in the build output.
/// </summary>
internal static class SourceCheckout
{
    private static readonly Lazy<string?> Root = new(() => FindRepository(AppContext.BaseDirectory));

    /// <summary>The root of the clone this program was built in, or null when it is installed.</summary>
    public static string? RepositoryRoot => Root.Value;

    /// <summary>How to run a verb: <c>briefer</c> when installed, <c>dotnet run --project src/Briefer --</c> from a clone.</summary>
    public static string Command => InvocationFor(RepositoryRoot, Environment.CurrentDirectory);

    internal static string InvocationFor(string? repositoryRoot, string currentDirectory)
    {
        if (repositoryRoot is null)
        {
            return "briefer";
        }

        var project = Path.Combine(repositoryRoot, "src", "Briefer");
        var relative = Path.GetRelativePath(currentDirectory, project);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? project : relative.Replace('\\', '/');
        return $"dotnet run --project {(shown.Contains(' ', StringComparison.Ordinal) ? $"\"{shown}\"" : shown)} --";
    }

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
}
