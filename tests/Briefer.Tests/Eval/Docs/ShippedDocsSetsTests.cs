using Briefer.Cli.Eval.Docs;

namespace Briefer.Tests.Eval.Docs;

/// <summary>Every documentation set kept in the repository's <c>eval/docs/</c> passes <c>eval docs --check</c>.</summary>
public sealed class ShippedDocsSetsTests
{
    private static string DocsSets => Path.Combine(Path.GetDirectoryName(EvalFiles.AnswerCases)!, "docs");

    [Fact]
    public void Check_EveryShippedSet_GoldInPagesCountsMetAndFrozen()
    {
        var folders = Directory.GetDirectories(DocsSets);

        Assert.NotEmpty(folders);
        Assert.All(folders, folder =>
        {
            var report = DocsQaCheck.Run(DocsQaDataset.Load(folder));
            Assert.True(report.Passed, Path.GetFileName(folder) + ": " + string.Join(" | ", report.Problems));
        });
    }
}
