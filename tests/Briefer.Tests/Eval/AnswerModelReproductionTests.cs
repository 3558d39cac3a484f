using Briefer.Cli;
using Briefer.Cli.Eval;
using Briefer.Cli.Train;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Testing;

namespace Briefer.Tests.Eval;

/// <summary>
/// The shipped answer model must load and, through today's feature code, reproduce the figures recorded when it was
/// trained on its slice of SQuAD (an article answered alone in its own scope). A failure means the features changed
/// under the model: retrain it with <c>briefer train answers</c>.
/// </summary>
public sealed class AnswerModelReproductionTests
{
    [Fact]
    public void Shipped_Loads_WithTheFeaturesThisVersionComputes()
    {
        var model = AnswerModel.Shipped;

        Assert.Equal(AnswerFeatures.CandidateNames, model.Info.CandidateFeatures);
        Assert.Equal(AnswerFeatures.QuestionNames, model.Info.QuestionFeatures);
        Assert.InRange(model.Info.AnswerableThreshold, 0.01, 0.99);
        Assert.NotNull(model.Info.Slice);
    }

    [SharedFact("eval/squad2/dev-v2.0-tune.json")]
    public async Task Shipped_OnItsSlice_ReproducesTheRecordedFigures()
    {
        var recorded = AnswerModel.Shipped.Info.Slice!;
        var dataset = SquadDataset.Load(SharedFolder.Find("eval/squad2/dev-v2.0-tune.json")!);
        var folder = Path.Combine(Path.GetTempPath(), "briefer-slice-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var host = await BrieferHost.StartAsync(new CliSettings(folder, ScopeId.Local, false), CancellationToken.None);
            var measured = await TrainCommand.SliceAsync(host.Services, dataset, AnswerModel.Shipped, CancellationToken.None, recorded.Articles);

            Assert.Equal(recorded.Figures.Answerable, measured.Figures.Answerable);
            Assert.Equal(recorded.Figures.Unanswerable, measured.Figures.Unanswerable);

            // Exact on the machine that trained it; one question of slack for floating-point differences between CPUs.
            Assert.InRange(measured.Figures.FirstSentenceCorrect, recorded.Figures.FirstSentenceCorrect - 1, recorded.Figures.FirstSentenceCorrect + 1);
            Assert.InRange(measured.Figures.UnanswerableAbstained, recorded.Figures.UnanswerableAbstained - 1, recorded.Figures.UnanswerableAbstained + 1);
            Assert.InRange(measured.Figures.WrongAbstentions, recorded.Figures.WrongAbstentions - 1, recorded.Figures.WrongAbstentions + 1);
            await host.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
