using System.IO.Compression;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;

namespace Briefer.Tests.Trainer;

/// <summary>The trainer exports a model's ML.NET parts as the arrays serving scores with; same scores, saved with it.</summary>
public sealed class CompiledModelExportTests
{
    private static List<float[]> Rows(int count, int width, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, width).Select(_ => random.Next(5) == 0 ? 0f : (float)(random.NextDouble() * (random.Next(4) == 0 ? 20 : 1))).ToArray())];
    }

    // A model with a second stage, saved before models carried arrays: compiled, saved and reloaded, it is served from
    // its arrays and ranks exactly as its ML.NET parts did (the second stage's reordering included).
    [Fact]
    public void Compile_SecondStageModel_SavedReloadedRanksTheSame()
    {
        using var fixture = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Trainer", "Fixtures", "second-stage-model.zip"));
        var reference = AnswerModel.Load(fixture);
        Assert.False(reference.Compiled);

        var compiled = CompiledModelExport.Compile(reference);
        using var saved = new MemoryStream();
        compiled.Save(saved);
        saved.Position = 0;
        var reloaded = AnswerModel.Load(saved);
        var rows = Rows(40, reference.Info.CandidateFeatures.Count, 41);

        Assert.True(compiled.Compiled);
        Assert.True(reloaded.Compiled);
        Assert.NotNull(reloaded.Info.SecondStage);
        Assert.Equal(reference.Rank(rows), reloaded.Rank(rows));
        Assert.Equal(reference.RankFirstStage(rows), reloaded.RankFirstStage(rows));
    }

    // The shipped file's arrays are exactly what the exporter makes of the shipped file's ML.NET parts.
    [Fact]
    public void Compile_ShippedParts_GivesTheShippedArrays()
    {
        using var stream = typeof(AnswerModel).Assembly.GetManifestResourceStream(AnswerModel.ResourceName)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        var mlNet = AnswerModel.Load(copy, compiled: false);

        using var saved = new MemoryStream();
        CompiledModelExport.Compile(mlNet).Save(saved);

        Assert.Equal(Entry(copy, "compiled.json"), Entry(saved, "compiled.json"));
    }

    private static string Entry(MemoryStream zip, string name)
    {
        zip.Position = 0;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
