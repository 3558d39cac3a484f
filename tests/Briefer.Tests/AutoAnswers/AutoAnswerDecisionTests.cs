using System.Globalization;
using Briefer.AutoAnswers;
using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Tests.AutoAnswers;

/// <summary>The automatic rule reads the calibrated confidence, and its default is the one training measured.</summary>
public sealed class AutoAnswerDecisionTests
{
    private static readonly Citation Source = new(1, new DocumentId("00000000000000d1"), "FAQ", "faq.md", "Reset it from the account page.", null);

    [Theory]
    [InlineData(0.99, 0.79, AutoAnswerVerdict.NotCovered)]
    [InlineData(0.30, 0.80, AutoAnswerVerdict.Post)]
    public void Decide_ComparesConfidenceNotAnswerability(double answerability, double confidence, AutoAnswerVerdict expected)
    {
        var answer = new Answer("q", "Reset it from the account page. [1]", false, [Source]) { Answerability = answerability, Confidence = confidence };

        Assert.Equal(expected, AutoAnswerDecision.Decide(answer, 0.8));
    }

    [Fact]
    public void Decide_NoConfidence_NotCovered()
    {
        var answer = new Answer("q", "Reset it from the account page. [1]", false, [Source]) { Answerability = 0.99 };

        Assert.Equal(AutoAnswerVerdict.NotCovered, AutoAnswerDecision.Decide(answer, 0));
    }

    [Fact]
    public void DefaultMinConfidence_IsTheShippedModelsMeasuredThreshold()
    {
        var measured = AnswerModel.ShippedInfo.Confidence!.AutoThreshold;

        Assert.Equal(measured, new AutoAnswerOptions().MinConfidence);
        Assert.Equal(measured, AutoAnswerOptions.DefaultMinConfidence);
    }

    [Fact]
    public void Readme_StatesTheShippedDefault()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

        Assert.Contains($"| `AutoAnswer:MinConfidence` | `{AnswerModel.ShippedInfo.Confidence!.AutoThreshold.ToString("0.00", CultureInfo.InvariantCulture)}` |", readme, StringComparison.Ordinal);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "")
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Briefer.slnx")))
        {
            folder = folder.Parent;
        }

        folder ??= new DirectoryInfo(Path.GetDirectoryName(file)!);
        while (!File.Exists(Path.Combine(folder.FullName, "Briefer.slnx")))
        {
            folder = folder.Parent ?? throw new DirectoryNotFoundException("No Briefer.slnx above the tests.");
        }

        return folder.FullName;
    }
}
