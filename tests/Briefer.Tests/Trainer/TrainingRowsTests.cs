using Briefer.Cli;
using Briefer.Cli.Train;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Tests.Trainer;

/// <summary>
/// Featurized training rows kept under a work folder: a later run trains on them exactly as on fresh ones, and rows
/// kept for other data, another build or other features are never read.
/// </summary>
public sealed class TrainingRowsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "briefer-train-rows-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task BuildAsync_KeptRows_SameRowsQuestionRowsAndOutOfFoldFiguresAsFresh()
    {
        var sets = new[] { WriteSet("alpha", "7070", "512"), WriteSet("beta", "9090", "64") };
        var work = Path.Combine(_root, "work");

        var (fresh, freshText) = await BuildAsync(sets, work);
        var (kept, keptText) = await BuildAsync(sets, work);

        Assert.DoesNotContain("kept rows", freshText, StringComparison.Ordinal);
        Assert.Contains("kept rows", keptText, StringComparison.Ordinal);
        Assert.Equal(fresh.Questions.Count, kept.Questions.Count);
        var random = new Random(3);
        for (var i = 0; i < fresh.Questions.Count; i++)
        {
            var (a, b) = (fresh.Questions[i], kept.Questions[i]);
            Assert.Equal((a.Fold, a.Answerable, a.Weight, a.Project, a.RuleAbstains), (b.Fold, b.Answerable, b.Weight, b.Project, b.RuleAbstains));
            Assert.Equal(a.Rows.Select(r => r.ToList()), b.Rows.Select(r => r.ToList()));
            Assert.Equal(a.Labels, b.Labels);
            Assert.Equal(a.RightPage, b.RightPage);
            for (var trial = 0; trial < 5; trial++)
            {
                // The fresh question row is computed by the featurizer itself; the kept one from its facts.
                var scores = a.Rows.Select(_ => (float)random.NextDouble()).ToArray();
                var best = scores.Length == 0 ? -1 : AnswerModel.ArgMax(scores);
                Assert.Equal(a.QuestionRow(scores, best), b.QuestionRow(scores, best));
            }
        }

        Assert.Equal(Train(fresh.Questions), Train(kept.Questions));
    }

    [Fact]
    public async Task BuildAsync_QuestionsChangedAfterRowsWereKept_RowsRebuiltWithTheNewLabels()
    {
        var set = WriteSet("alpha", "7070", "512");
        var work = Path.Combine(_root, "work");
        var (before, _) = await BuildAsync([set], work);
        Assert.Contains(true, before.Questions[0].Labels);

        // The same pages, a gold answer no candidate holds: kept rows would still say a candidate is right.
        var questions = Path.Combine(set, "questions.json");
        File.WriteAllText(questions, File.ReadAllText(questions).Replace("\"7070\"", "\"4242\"", StringComparison.Ordinal));
        var (after, text) = await BuildAsync([set], work);

        Assert.DoesNotContain("kept rows", text, StringComparison.Ordinal);
        Assert.DoesNotContain(true, after.Questions[0].Labels);
    }

    [Fact]
    public void Read_KeyOfAnotherBuildOrFeatureTable_Null()
    {
        Directory.CreateDirectory(_root);
        var key = TrainingRows.Key("docs tiny");
        var path = TrainingRows.PathOf(_root, key);
        TrainingRows.Write(path, key, new TrainingPart([], []));

        Assert.NotNull(TrainingRows.Read(path, key));
        Assert.Null(TrainingRows.Read(path, key.Replace("core ", "core 0", StringComparison.Ordinal)));
        Assert.Null(TrainingRows.Read(path, key.Replace("candidate ", "candidate renamed,", StringComparison.Ordinal)));
        Assert.Null(TrainingRows.Read(path, TrainingRows.Key("docs other")));
        Assert.NotEqual(path, TrainingRows.PathOf(_root, TrainingRows.Key("docs other")));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>The out-of-fold figures and every question's scores and probability of a small model trained on <paramref name="questions"/>.</summary>
    private static string Train(IReadOnlyList<TrainingQuestion> questions)
    {
        var outOfFold = new string[questions.Count];
        var model = new AnswerModelTrainer(new TrainingSettings(RankerTrees: 5, ClassifierTrees: 5, Leaves: 4)).Train(
            questions, "tiny", final: false, outOfFold: (i, scores, p) => outOfFold[i] = string.Join(",", scores) + ";" + p);
        return model.Info.Validation + " " + model.Info.AnswerableThreshold + " " + string.Join("|", outOfFold);
    }

    private async Task<(TrainingSet Set, string Progress)> BuildAsync(IReadOnlyList<string> sets, string workDir)
    {
        var folder = Path.Combine(_root, "host-" + Guid.NewGuid().ToString("N"));
        var settings = new CliSettings(folder, ScopeId.Local, false);
        using var host = await BrieferHost.StartAsync(settings, CancellationToken.None);
        var progress = new StringWriter();
        var request = new TrainingRequest(null, 0, sets, 8, 3, null, NoSave: true, workDir, null, []);
        var set = await TrainingSet.BuildAsync(LabVerbs.Instance, host.Services, new VerbContext(settings, TextWriter.Null, progress), request, CancellationToken.None);
        await host.StopAsync();
        return (set, progress.ToString());
    }

    private string WriteSet(string name, string port, string entries)
    {
        var folder = Path.Combine(_root, "sets", name);
        Directory.CreateDirectory(Path.Combine(folder, "docs"));
        File.WriteAllText(Path.Combine(folder, "docs", "install.md"), $"""
            # Install

            Run the installer with `{name} install`. The server listens on port {port} unless told otherwise.

            ## Options

            - `--port` sets the port the server listens on. Default: {port}.
            - `--host` sets the host name the server binds to.
            """);
        File.WriteAllText(Path.Combine(folder, "docs", "cache.md"), $"""
            # Cache

            The cache keeps {entries} entries by default. Entries expire after ten minutes, and a full cache drops the oldest entry first.
            """);
        File.WriteAllText(Path.Combine(folder, "questions.json"), $$"""
            [
              {"q": "what port does the server listen on by default", "doc": "install.md", "gold": ["{{port}}"], "abstain": false, "kind": "default", "alt_docs": []},
              {"q": "how many entries does the cache keep", "doc": "cache.md", "gold": ["{{entries}}"], "abstain": false, "kind": "how-many", "alt_docs": []},
              {"q": "which flag sets the host name", "doc": "install.md", "gold": ["--host"], "abstain": false, "kind": "what-is", "alt_docs": []},
              {"q": "how do I make entries expire after an hour", "doc": null, "gold": null, "abstain": true, "kind": "near-miss", "alt_docs": null},
              {"q": "what is the default log level", "doc": null, "gold": null, "abstain": true, "kind": "near-miss", "alt_docs": null}
            ]
            """);
        return folder;
    }
}
