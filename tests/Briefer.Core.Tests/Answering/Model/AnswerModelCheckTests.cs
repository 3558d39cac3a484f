using System.IO.Compression;
using System.Text.Json.Nodes;
using Briefer.Core.Answering;

namespace Briefer.Core.Tests.Answering.Model;

/// <summary>The model-by-name check: a model loads only with the feature names this version computes.</summary>
public sealed class AnswerModelCheckTests
{
    [Fact]
    public void Mismatch_SameNames_IsNull()
    {
        Assert.Null(FeatureTable.Mismatch(AnswerFeatures.CandidateNames, AnswerFeatures.QuestionNames));
    }

    [Fact]
    public void Mismatch_RenamedCandidateFeature_NamesItInOneLine()
    {
        var names = AnswerFeatures.CandidateNames.ToList();
        names[2] = "cov_heading";

        var message = FeatureTable.Mismatch(names, AnswerFeatures.QuestionNames);

        Assert.NotNull(message);
        Assert.DoesNotContain('\n', message);
        Assert.Contains("candidate feature 3: the model has 'cov_heading', this version computes 'cov_title'", message, StringComparison.Ordinal);
        Assert.Contains("briefer train answers", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatch_ModelLacksALaterQuestionFeature_SaysSo()
    {
        var message = FeatureTable.Mismatch(AnswerFeatures.CandidateNames, AnswerFeatures.QuestionNames.SkipLast(1).ToList());

        Assert.Contains($"the model has none, this version computes '{AnswerFeatures.QuestionNames[^1]}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShippedModel_RecordsTheTablesNames()
    {
        var model = AnswerModel.Shipped;

        Assert.Equal(AnswerFeatures.CandidateNames, model.Info.CandidateFeatures);
        Assert.Equal(AnswerFeatures.QuestionNames, model.Info.QuestionFeatures);
    }

    [Fact]
    public void Load_ModelTrainedOnOtherFeatureNames_FailsWithOneClearLine()
    {
        using var zip = ShippedCopy();
        EditModelJson(zip, info => info["candidateFeatures"]![0] = "coverage_renamed");
        var error = Assert.Throws<InvalidDataException>(() => AnswerModel.Load(zip));

        Assert.StartsWith("The answer model does not fit this version's features (candidate feature 1: the model has 'coverage_renamed', this version computes 'cov'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ModelTrainedWithASecondStage_CarriesItOverTheSharedInputs()
    {
        var stage = SecondStageFixture.Load().Info.SecondStage;

        Assert.NotNull(stage);
        Assert.Equal(SecondStage.InputNames, stage.Inputs);
        Assert.True(stage.TopK >= 2);
    }

    [Fact]
    public void Load_ModelWithARenamedSecondStageInput_FailsWithOneClearLine()
    {
        using var zip = SecondStageFixture.Copy();
        EditModelJson(zip, info =>
        {
            var inputs = info["secondStage"]!["inputs"]!.AsArray();
            inputs[inputs.Count - 1] = "s1_gap";
        });
        var error = Assert.Throws<InvalidDataException>(() => AnswerModel.Load(zip));

        Assert.StartsWith("The answer model's second stage was trained on other inputs than this build computes (missing: s1_margin) (unknown: s1_gap)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>Rewrites the model file's <c>model.json</c> in place and rewinds the stream for loading.</summary>
    private static void EditModelJson(MemoryStream zip, Action<JsonNode> edit)
    {
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.GetEntry("model.json")!;
            JsonNode info;
            using (var read = entry.Open())
            {
                info = JsonNode.Parse(read)!;
            }

            edit(info);
            entry.Delete();
            using var write = archive.CreateEntry("model.json").Open();
            using var writer = new StreamWriter(write);
            writer.Write(info.ToJsonString());
        }

        zip.Position = 0;
    }

    private static MemoryStream ShippedCopy()
    {
        using var resource = typeof(AnswerModel).Assembly.GetManifestResourceStream(AnswerModel.ResourceName)!;
        var copy = new MemoryStream();
        resource.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}
