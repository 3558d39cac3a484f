using Briefer.Cli.Eval.Docs;

namespace Briefer.Tests.Eval.Docs;

/// <summary>Every documentation set kept in the repository's <c>eval/docs/</c> passes <c>eval docs --check</c>.</summary>
public sealed class ShippedDocsSetsTests
{
    private static string DocsSets => Path.Combine(Path.GetDirectoryName(EvalFiles.AnswerCases)!, "docs");

    [Fact]
    public void Check_EveryShippedSet_GoldInPagesCountsMetAndFrozen()
    {
        var sets = DocsQaDataset.LoadAll(DocsSets);

        Assert.Contains(sets, s => s.Name == "valkey");
        Assert.Contains(sets, s => s.Name == "laravel");
        Assert.Contains(sets, s => s.Name == "pycord-guide");
        Assert.All(sets, set =>
        {
            var report = DocsQaCheck.Run(set);
            Assert.True(report.Passed, set.Name + ": " + string.Join(" | ", report.Problems));
        });
    }
}
