using Briefer.Core.Answering;

namespace Briefer.Core.Tests.Answering.Model;

/// <summary>
/// A model trained on this build's features with a second stage (<c>train answers --second-stage-k 5</c>, the eight
/// documentation sets; docs/benchmarks.md): the shipped model has none, so the second stage's load checks and ranking
/// are tested on this one.
/// </summary>
internal static class SecondStageFixture
{
    private static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "Answering", "Model", "Fixtures", "second-stage-model.zip");

    public static MemoryStream Copy()
    {
        var copy = new MemoryStream(File.ReadAllBytes(Path));
        return copy;
    }

    public static AnswerModel Load()
    {
        using var zip = Copy();
        return AnswerModel.Load(zip);
    }
}
