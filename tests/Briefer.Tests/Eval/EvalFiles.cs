using System.Runtime.CompilerServices;
using Briefer.Testing;

namespace Briefer.Tests.Eval;

/// <summary>Finds the evaluation data the tests read: SciFact in <c>../shared/eval/scifact</c>, and the repository's <c>eval/</c> folder.</summary>
internal static class EvalFiles
{
    /// <summary>
    /// The SciFact folder in the shared folder beside the repository (<see cref="SharedFolder"/>). Tests that read it are
    /// <c>[SharedFact("eval/scifact")]</c>, so they are skipped, saying why, when it is missing.
    /// </summary>
    public static string SciFact => SharedFolder.Find("eval/scifact")
        ?? throw new InvalidOperationException("SciFact was not found: " + SharedFolder.MissingReason("eval/scifact"));

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
