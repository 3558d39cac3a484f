using System.IO.Compression;
using System.Text.Json.Nodes;
using Briefer.Core.Answering;

namespace Briefer.Core.Tests.Answering.Model;

/// <summary>The answer confidence: the isotonic map, its fit on out-of-fold rows, and the model-file check.</summary>
public sealed class AnswerCalibrationTests
{
    [Fact]
    public void Isotonic_KnownRows_PoolsTheViolatorsIntoTheirMean()
    {
        // 0.2 right then 0.3 wrong violate the order: they pool into one block at 0.25 with half right.
        var (x, y) = AnswerCalibration.Isotonic([(0.1, false, 1), (0.3, false, 1), (0.2, true, 1), (0.4, true, 1)]);

        Assert.Equal([0.1, 0.25, 0.4], x);
        Assert.Equal([0.0, 0.5, 1.0], y);
        Assert.Equal(0.75, AnswerCalibration.Map(x, y, 0.325), 6);
        Assert.Equal(0.0, AnswerCalibration.Map(x, y, -5));
        Assert.Equal(1.0, AnswerCalibration.Map(x, y, 5));
    }

    [Fact]
    public void Isotonic_Weights_CountAsRepeatedRows()
    {
        var (_, weighted) = AnswerCalibration.Isotonic([(0.1, true, 1), (0.2, false, 3)]);
        var (_, repeated) = AnswerCalibration.Isotonic([(0.1, true, 1), (0.2, false, 1), (0.2, false, 1), (0.2, false, 1)]);

        Assert.Equal([0.25], weighted);
        Assert.Equal(weighted, repeated);
    }

    [Fact]
    public void Isotonic_NoisyRows_MapIsNonDecreasing()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).Select(s => (s, random.NextDouble() < s, 1.0 + random.Next(3))).ToList();

        var (x, y) = AnswerCalibration.Isotonic(rows);
        var mapped = Enumerable.Range(0, 201).Select(i => AnswerCalibration.Map(x, y, i / 200.0)).ToList();

        Assert.All(mapped.Zip(mapped.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"{pair.Second} < {pair.First}"));
        Assert.True(mapped[^1] - mapped[0] > 0.6, "the map follows the rising share of right rows");
    }

    [Fact]
    public void Load_ModelWithoutConfidenceCalibration_FailsWithOneClearLine()
    {
        using var zip = ShippedCopyWithout(info => info.AsObject().Remove("confidence"));

        var error = Assert.Throws<InvalidDataException>(() => AnswerModel.Load(zip));

        Assert.Equal("The answer model has no answer confidence calibration (it predates it; automatic answers need it); retrain it with 'briefer train answers'.", error.Message);
    }

    [Fact]
    public void Load_ConfidenceReadingOtherInputs_FailsNamingThem()
    {
        using var zip = ShippedCopyWithout(info => info["confidence"]!["inputs"]![1] = "top_score");

        var error = Assert.Throws<InvalidDataException>(() => AnswerModel.Load(zip));

        Assert.StartsWith("The answer model's confidence reads [answerable_logit, top_score,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shipped_AutoThreshold_IsTheHeldOutOperatingPointWithinTheTarget()
    {
        var info = AnswerModel.ShippedInfo.Confidence!;

        var docs = info.OperatingPoints.Single(p => p.Set == AnswerCalibration.DocumentationSets && p.Threshold == info.AutoThreshold);

        Assert.InRange(info.AutoThreshold, 0.5, 1.0);
        Assert.True(docs.WrongShare <= info.TargetWrong, $"{docs.Wrong}/{docs.Posted}");
        Assert.Equal(0.05, info.TargetWrong);
    }

    private static MemoryStream ShippedCopyWithout(Action<JsonNode> change)
    {
        var zip = new MemoryStream();
        using (var resource = typeof(AnswerModel).Assembly.GetManifestResourceStream(AnswerModel.ResourceName)!)
        {
            resource.CopyTo(zip);
        }

        zip.Position = 0;
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.GetEntry("model.json")!;
            JsonNode info;
            using (var read = entry.Open())
            {
                info = JsonNode.Parse(read)!;
            }

            change(info);
            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry("model.json").Open());
            writer.Write(info.ToJsonString());
        }

        zip.Position = 0;
        return zip;
    }
}
