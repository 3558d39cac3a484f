using System.Runtime.CompilerServices;

namespace Briefer.Testing;

/// <summary>
/// The project's shared folder: reference and evaluation data that is not part of the repository (SciFact, Discord's
/// OpenAPI description). It sits beside the repository as <c>../shared</c>, where CI places it. Tests that need it use
/// <see cref="SharedFactAttribute"/> or <see cref="SharedTheoryAttribute"/>, and are skipped, saying why, without it.
/// </summary>
public static class SharedFolder
{
    private static readonly Lazy<string?> Root = new(() => Locate(ThisFile()));

    /// <summary>The shared folder (<c>../shared</c> from the repository root), or null when it is not there.</summary>
    public static string? Path => Root.Value;

    /// <summary>The full path of <paramref name="relative"/> inside the shared folder (forward slashes), or null when either is missing.</summary>
    public static string? Find(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        if (Path is not { } root)
        {
            return null;
        }

        var candidate = System.IO.Path.Combine(root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
        return File.Exists(candidate) || Directory.Exists(candidate) ? candidate : null;
    }

    /// <summary>What ../shared is and what runs without it, in words a newcomer can act on.</summary>
    public const string Explanation =
        "../shared is the project's shared folder (reference and evaluation data kept outside the repository), which CI " +
        "places beside the clone; everything else runs without it (README: 'Running the tests').";

    /// <summary>Why a test that needs <paramref name="relative"/> was skipped.</summary>
    public static string MissingReason(string relative) => $"Needs ../shared/{relative}, which is missing. {Explanation}";

    /// <summary>
    /// The shared folder beside the repository: the repository is the first ancestor holding <c>Briefer.slnx</c>,
    /// looked for from the test binary and then from this source file (for builds whose output is outside the clone).
    /// </summary>
    internal static string? Locate(string sourceFile)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(sourceFile) })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "Briefer.slnx")))
                {
                    var shared = directory.Parent is { } parent ? System.IO.Path.Combine(parent.FullName, "shared") : null;
                    if (shared is not null && Directory.Exists(shared))
                    {
                        return shared;
                    }

                    break;
                }
            }
        }

        return null;
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
