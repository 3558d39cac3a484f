using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Briefer.Core.Tests.Pipeline;

/// <summary>
/// The real knowledge core (extraction, chunker, ONNX embeddings, SQLite file in a temp folder) with the project's
/// <c>samples/</c> ingested into scope <c>local</c>. Shared by the tests of a collection: the model loads once.
/// </summary>
public sealed class SamplesPipelineFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "briefer-tests-" + Guid.NewGuid().ToString("N"));

    public ServiceProvider Services { get; private set; } = null!;

    public IBriefingService Briefing => Services.GetRequiredService<IBriefingService>();

    public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "samples");

    public static ServiceProvider BuildServices(string dataDirectory)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Store:DataDirectory"] = dataDirectory })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddBrieferCore();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public async Task InitializeAsync()
    {
        Services = BuildServices(_dataDirectory);
        foreach (var file in Directory.EnumerateFiles(SamplesDirectory).Order(StringComparer.Ordinal))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            await Briefing.IngestAsync(ScopeId.Local, new DocumentSource(file, Path.GetFileName(file), bytes), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SamplesPipelineCollection : ICollectionFixture<SamplesPipelineFixture>
{
    public const string Name = "Samples pipeline";
}
