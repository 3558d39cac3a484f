using Briefer.Core.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;

namespace Briefer.Core.Tests.Embeddings;

/// <summary>The model's optimised graph kept between processes: the states it gives are the bundled model's, bit for bit.</summary>
[Collection(ArcticModelCollection.Name)]
public sealed class OptimizedModelCacheTests(ArcticModelFixture fixture) : IDisposable
{
    private static readonly string[] Texts =
    [
        "Represent this sentence for searching relevant passages: Why did the council delay the bike lanes?",
        "Construction is not expected to begin before the spring.",
        "They will cost 4.2 million euros.",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "briefer-model-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ArcticEmbeddingGenerator Generator() => new(fixture.Tokenizer, NullLogger<ArcticEmbeddingGenerator>.Instance, _directory);

    [Fact]
    public async Task Load_SecondGeneratorOnSameDirectory_LoadsCachedGraphWithBitIdenticalStates()
    {
        using (var first = Generator())
        {
            first.EnsureLoaded();
        }

        // From the bundled model (saved in the background; disposing waits) or from the graph another generator of
        // this process loaded (copied): either way the first leaves the file.
        Assert.True(File.Exists(new OptimizedModelCache(_directory, NullLogger.Instance).FilePath));

        using var second = Generator();
        second.EnsureLoaded();

        Assert.True(second.LoadedFromCache);
        await AssertSameStatesAsFixtureAsync(second);
    }

    [Fact]
    public async Task Load_DamagedCacheFile_DiscardedAndBundledModelLoaded()
    {
        var path = new OptimizedModelCache(_directory, NullLogger.Instance).FilePath;
        Directory.CreateDirectory(_directory);
        await File.WriteAllBytesAsync(path, [1, 2, 3, 4, 5, 6, 7, 8]);

        using (var generator = Generator())
        {
            generator.EnsureLoaded();

            Assert.False(generator.LoadedFromCache);
            await AssertSameStatesAsFixtureAsync(generator);
        }

        // Disposing waits for the save.
        Assert.True(new FileInfo(path).Length > 1_000_000);
    }

    [Fact]
    public async Task Load_CacheDirectoryCannotBeMade_ModelLoadsAndNothingIsWritten()
    {
        var blocker = _directory + ".file";
        await File.WriteAllTextAsync(blocker, "not a directory");
        try
        {
            using var generator = new ArcticEmbeddingGenerator(fixture.Tokenizer, NullLogger<ArcticEmbeddingGenerator>.Instance, blocker);
            generator.EnsureLoaded();

            Assert.Equal("not a directory", await File.ReadAllTextAsync(blocker));
            await AssertSameStatesAsFixtureAsync(generator);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task Start_Warmup_LoadsEmbeddingModelWithoutRunningIt()
    {
        using var generator = new ArcticEmbeddingGenerator(fixture.Tokenizer, NullLogger<ArcticEmbeddingGenerator>.Instance);
        var warmup = new Core.Answering.AnswerPathWarmup(generator, fixture.Composer, fixture.Selector);

        await warmup.Start().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.NotNull(generator.LoadTime);
        Assert.Equal(0, generator.ModelRuns);
    }

    private async Task AssertSameStatesAsFixtureAsync(ArcticEmbeddingGenerator generator)
    {
        foreach (var text in Texts)
        {
            Assert.Equal((await fixture.Generator.EncodeTokensAsync(text)).States, (await generator.EncodeTokensAsync(text)).States);
        }

        var batched = await generator.EncodeTokensAsync(Texts);
        var expected = await fixture.Generator.EncodeTokensAsync(Texts);
        Assert.All(Enumerable.Range(0, Texts.Length), i => Assert.Equal(expected[i].States, batched[i].States));
    }
}
