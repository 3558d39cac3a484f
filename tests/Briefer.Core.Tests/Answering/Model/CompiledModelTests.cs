using System.IO.Compression;
using Briefer.Core.Answering;

namespace Briefer.Core.Tests.Answering.Model;

/// <summary>
/// Serving scores with the model's trees as arrays (<see cref="CompiledModel"/>); every value must be ML.NET's: the
/// trees' bit for bit, the confidence's within float rounding (ML.NET's dot product sums in SIMD lanes).
/// </summary>
public sealed class CompiledModelTests
{
    private static List<float[]> Rows(int count, int width, int seed, bool withNaN = false)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, width).Select(_ =>
            withNaN && random.Next(10) == 0 ? float.NaN
            : random.Next(5) == 0 ? 0f
            : (float)((random.NextDouble() * 2 - 0.3) * (random.Next(4) == 0 ? 20 : 1))).ToArray())];
    }

    private static AnswerModel Shipped(bool compiled)
    {
        using var stream = typeof(AnswerModel).Assembly.GetManifestResourceStream(AnswerModel.ResourceName)!;
        return AnswerModel.Load(stream, compiled);
    }

    [Fact]
    public void Shipped_IsServedFromItsArrays()
    {
        Assert.True(AnswerModel.Shipped.Compiled);
        Assert.False(Shipped(compiled: false).Compiled);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Shipped_RankAndAnswerable_BitForBitMlNets(bool withNaN)
    {
        var compiled = Shipped(compiled: true);
        var reference = Shipped(compiled: false);
        var candidates = compiled.Info.CandidateFeatures.Count;
        var width = compiled.Info.QuestionFeatures.Count + candidates;

        var rankRows = Rows(300, candidates, 31, withNaN);
        var expected = reference.Rank(rankRows);
        Assert.Equal(expected, compiled.Rank(rankRows));
        Assert.True(expected.Distinct().Count() > 50);

        var questionRows = Rows(200, width, 32, withNaN);
        var probabilities = questionRows.Select(reference.Answerable).ToArray();
        Assert.Equal(probabilities, questionRows.Select(compiled.Answerable).ToArray());
        Assert.True(probabilities.Distinct().Count() > 20);
    }

    [Fact]
    public void Shipped_Confidence_MlNetsWithinRounding()
    {
        var compiled = Shipped(compiled: true);
        var reference = Shipped(compiled: false);
        var width = compiled.Info.QuestionFeatures.Count + compiled.Info.CandidateFeatures.Count;
        var rows = Rows(200, width, 33);
        var random = new Random(34);

        var differences = rows.Select(row =>
        {
            var answerable = random.NextDouble();
            return Math.Abs(reference.Confidence(row, answerable) - compiled.Confidence(row, answerable));
        }).ToList();

        Assert.All(differences, d => Assert.True(d <= 1e-5, $"confidence differs by {d}"));
        Assert.Contains(rows, row => compiled.Confidence(row, 0.9) != compiled.Confidence(row, 0.1));
    }

    // The ML.NET parts stay reachable from a compiled model (saving it again, a changed threshold or record).
    [Fact]
    public void CompiledModel_WithThresholdThenSave_KeepsEveryPart()
    {
        var model = Shipped(compiled: true).WithThreshold(0.42);
        using var saved = new MemoryStream();
        model.Save(saved);
        saved.Position = 0;

        var reloaded = AnswerModel.Load(saved);
        var rows = Rows(50, model.Info.CandidateFeatures.Count, 36);

        Assert.True(model.Compiled);
        Assert.Equal(0.42, reloaded.Info.AnswerableThreshold);
        Assert.Equal(model.Rank(rows), reloaded.Rank(rows));
    }

    // A file whose arrays are of another layout version is served by its ML.NET parts, not misread.
    [Fact]
    public void Load_ArraysOfAnotherVersion_ServedByMlNet()
    {
        using var stream = typeof(AnswerModel).Assembly.GetManifestResourceStream(AnswerModel.ResourceName)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using (var archive = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.GetEntry("compiled.json")!;
            string json;
            using (var reader = new StreamReader(entry.Open()))
            {
                json = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry("compiled.json").Open());
            writer.Write(json.Replace("\"Version\":1", "\"Version\":99", StringComparison.Ordinal));
        }

        copy.Position = 0;
        var model = AnswerModel.Load(copy);

        Assert.False(model.Compiled);
    }
}
