using System.Text;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Briefer.Core.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Core.Tests.Retrieval;

/// <summary>
/// Hybrid retrieval through the real pipeline on a small corpus: results carry what citations need, and scopes never mix.
/// (Whether hybrid beats its halves is measured on SciFact, where it matters: see the eval tests.)
/// </summary>
public sealed class HybridRetrievalTests : IAsyncLifetime
{
    private static readonly ScopeId Scope = new("hybrid-fixture");
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "briefer-hybrid-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    private static readonly (string Name, string Text)[] Corpus =
    [
        ("minutes-1", "Council meeting minutes\nThe monthly meeting of the town council opened at seven in the evening with the mayor in the chair. Members approved the minutes of the previous meeting without changes. The council reviewed the budget for road repairs and agreed to resurface four streets before winter. A question from the public gallery was raised about purchase order 48213, which asked when work would begin. Officers said a timetable would be published next month. The meeting closed at nine with thanks to the staff."),
        ("minutes-2", "Council meeting minutes\nThe monthly meeting of the town council opened at seven in the evening with the mayor in the chair. Members approved the minutes of the previous meeting without changes. The council discussed library opening hours and agreed to open on Sunday afternoons from March. A question from the public gallery was raised about purchase order 48231, which asked when work would begin. Officers said a timetable would be published next month. The meeting closed at nine with thanks to the staff."),
        ("minutes-3", "Council meeting minutes\nThe monthly meeting of the town council opened at seven in the evening with the mayor in the chair. Members approved the minutes of the previous meeting without changes. The council discussed new bus shelters and agreed to install twelve of them along the main routes. A question from the public gallery was raised about purchase order 42813, which asked when work would begin. Officers said a timetable would be published next month. The meeting closed at nine with thanks to the staff."),
        ("minutes-4", "Council meeting minutes\nThe monthly meeting of the town council opened at seven in the evening with the mayor in the chair. Members approved the minutes of the previous meeting without changes. The council reviewed park maintenance and agreed to hire two more gardeners for the summer. A question from the public gallery was raised about purchase order 48123, which asked when work would begin. Officers said a timetable would be published next month. The meeting closed at nine with thanks to the staff."),
        ("minutes-5", "Council meeting minutes\nThe monthly meeting of the town council opened at seven in the evening with the mayor in the chair. Members approved the minutes of the previous meeting without changes. The council reviewed street lighting and agreed to replace old lamps with LED fittings. A question from the public gallery was raised about purchase order 43218, which asked when work would begin. Officers said a timetable would be published next month. The meeting closed at nine with thanks to the staff."),
        ("minutes-6", "Council meeting minutes\nThe monthly meeting of the town council opened at seven in the evening with the mayor in the chair. Members approved the minutes of the previous meeting without changes. The council discussed school crossings and agreed to add a crossing guard near the primary school. A question from the public gallery was raised about purchase order 41823, which asked when work would begin. Officers said a timetable would be published next month. The meeting closed at nine with thanks to the staff."),
        ("flat-tyre", "Fixing a bicycle puncture\nRemove the wheel, pull out the inner tube and find the hole by listening for escaping air. Glue a patch over it, wait for it to set, then refit the tube and pump it up."),
        ("sourdough", "Baking sourdough at home\nFeed the starter the night before. Mix flour, water and salt, fold the dough every half hour, shape it and let it rise slowly in the fridge before baking in a hot oven."),
        ("sleep", "Why adults need enough sleep\nDuring deep sleep the brain consolidates memories and clears waste products. Adults who regularly sleep under six hours show poorer attention and a higher risk of heart disease."),
        ("tides", "What causes tides\nThe gravitational pull of the moon, and to a lesser degree the sun, raises bulges in the oceans. As the earth rotates, coastlines pass through these bulges twice a day."),
    ];

    public async Task InitializeAsync()
    {
        _services = SamplesPipelineFixture.BuildServices(_dataDirectory);
        var briefing = _services.GetRequiredService<IBriefingService>();
        foreach (var (name, text) in Corpus)
        {
            await briefing.IngestAsync(Scope, new DocumentSource(name, name + ".txt", Encoding.UTF8.GetBytes(text)), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task RetrieveAsync_HybridMode_ResultsCarryOffsetsAndBothScores()
    {
        var retriever = _services.GetRequiredService<HybridRetriever>();

        var results = await retriever.RetrieveAsync(Scope, "question from Przybylski about bus shelters", 3);

        var top = results[0];
        Assert.Equal(DocumentId.For(Scope, "minutes-3"), top.DocumentId);
        Assert.NotNull(top.KeywordScore);
        Assert.NotNull(top.DenseScore);
        Assert.Equal("Council meeting minutes", top.Title);
        Assert.Equal(top.End - top.Start, top.Text.Length);
    }

    [Fact]
    public async Task RetrieveAsync_OtherScope_FindsNothing()
    {
        var retriever = _services.GetRequiredService<HybridRetriever>();

        var results = await retriever.RetrieveAsync(new ScopeId("another-guild"), "Przybylski bus shelters", 5);

        Assert.Empty(results);
    }
}
