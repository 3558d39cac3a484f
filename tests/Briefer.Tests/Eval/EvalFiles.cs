using System.Runtime.CompilerServices;

namespace Briefer.Tests.Eval;

/// <summary>Finds the evaluation data the tests read: SciFact in <c>shared/eval/scifact</c> beside the repository, and the repository's <c>eval/</c> folder.</summary>
internal static class EvalFiles
{
    /// <summary>
    /// The SciFact folder: the first ancestor of the test's base directory (then of this source file, for builds with
    /// an artifacts path outside the repository) that holds <c>shared/eval/scifact</c>. CI checks <c>../shared</c> out beside the repository.
    /// </summary>
    public static string SciFact => Find(Path.Combine("shared", "eval", "scifact"), "corpus.jsonl")
        ?? throw new InvalidOperationException("SciFact was not found: put the shared folder (shared/eval/scifact) beside the repository, as CI does.");

    /// <summary>The repository's <c>eval/answer-cases.jsonl</c>.</summary>
    public static string AnswerCases => Find("eval", "answer-cases.jsonl") is { } folder
        ? Path.Combine(folder, "answer-cases.jsonl")
        : throw new InvalidOperationException("eval/answer-cases.jsonl was not found above the test's folder or its source folder.");

    private static string? Find(string relative, string marker)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, SourceDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, relative);
                if (File.Exists(Path.Combine(candidate, marker)))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? AppContext.BaseDirectory;
}
