using Briefer.Core.Answering;
using Briefer.Core.Digests;
using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Digests;

/// <summary>Which documents a digest looks at, and what it keeps of the brief composed over them.</summary>
public sealed class DigestComposerTests
{
    private static readonly ScopeId Scope = new("guild-1");
    private static readonly DateTimeOffset Start = new(2026, 1, 8, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = new(2026, 1, 9, 7, 0, 0, TimeSpan.Zero);
    private static readonly DigestWindow Window = new(Start, new DateOnly(2026, 1, 9), Until);

    private readonly FakeStore _store = new();
    private readonly FakeComposer _composer = new();

    [Fact]
    public async Task Compose_NoDocumentInTheWindow_IsEmptyWithoutAskingTheComposer()
    {
        _store.Documents.Add(Document("old", ingested: Start.AddHours(-1)));
        _store.Documents.Add(Document("late", ingested: Until));

        var digest = await Composer().ComposeAsync(Request(), default);

        Assert.True(digest.IsEmpty);
        Assert.Equal(0, digest.NewDocuments);
        Assert.Equal(0, _composer.Calls);
    }

    [Fact]
    public async Task Compose_SearchesOnlyNewDocuments_IngestedInTheWindowOrPublishedSince()
    {
        var ingested = Document("ingested", ingested: Start.AddHours(2));
        var published = Document("published", ingested: Start.AddDays(-5), published: new DateOnly(2026, 1, 9));
        _store.Documents.AddRange([ingested, published, Document("old", ingested: Start.AddDays(-5), published: new DateOnly(2026, 1, 8))]);
        _composer.Next = Brief(("A new fact.", [1]));

        var digest = await Composer().ComposeAsync(Request(), default);

        Assert.Equal(2, digest.NewDocuments);
        Assert.Equal(new[] { ingested.Id.Value, published.Id.Value }.Order(), _store.LastQuery!.Documents!.Select(d => d.Value).Order());
    }

    [Fact]
    public async Task Compose_IntoAPublicChannel_SearchesOnlyDocumentsEveryReaderThereMayRead()
    {
        var open = Document("open", ingested: Start.AddHours(1));
        var hidden = Document("mods", ingested: Start.AddHours(2)) with { Visibility = Visibility.ForChannel(new AudienceChannelId(55)) };
        _store.Documents.AddRange([open, hidden]);
        _composer.Next = Brief(("A new fact.", [1]));
        var audience = ReaderAudience.Of([new AudienceChannelId(33)], []);

        var digest = await Composer().ComposeAsync(Request() with { Audience = audience }, default);

        Assert.Equal(1, digest.NewDocuments);
        Assert.Equal([open.Id], _store.LastQuery!.Documents!);
        Assert.Same(audience, _store.LastQuery.Audience);
    }

    [Fact]
    public async Task Compose_DropsBulletsPostedBeforeAndUncitedOnes_AndRenumbersCitationsInReadingOrder()
    {
        _store.Documents.Add(Document("a", ingested: Start.AddHours(1)));
        _composer.Next = Brief(("Posted yesterday.", [1]), ("No source.", []), ("Fresh point.", [3]), ("Another fresh point.", [2, 3]));
        var posted = new HashSet<string> { DigestBullets.Key("posted  YESTERDAY") };

        var digest = await Composer().ComposeAsync(Request(posted), default);

        Assert.Equal(["Fresh point.", "Another fresh point."], digest.Brief.Bullets.Select(b => b.Text));
        Assert.Equal([[1], [2, 1]], digest.Brief.Bullets.Select(b => b.Citations.ToArray()));
        Assert.Equal(["quote 3", "quote 2"], digest.Brief.Citations.Select(c => c.Quote));
        Assert.Equal([1, 2], digest.Brief.Citations.Select(c => c.N));
        Assert.Equal(1, digest.Repeats);
        Assert.Equal([DigestBullets.Key("Fresh point."), DigestBullets.Key("Another fresh point.")], digest.BulletKeys);
    }

    [Fact]
    public async Task Compose_EveryBulletPostedBefore_IsEmpty()
    {
        _store.Documents.Add(Document("a", ingested: Start.AddHours(1)));
        _composer.Next = Brief(("Old news.", [1]));

        var digest = await Composer().ComposeAsync(Request(new HashSet<string> { DigestBullets.Key("Old news.") }), default);

        Assert.True(digest.IsEmpty);
        Assert.Equal(1, digest.Repeats);
    }

    [Fact]
    public async Task Compose_OrdersBulletsNewestFirst()
    {
        _store.Documents.Add(Document("a", ingested: Start.AddHours(1)));
        _composer.Next = Brief(("Older.", [1]), ("Newest.", [2]), ("Middle.", [3]));
        _composer.Dates = [new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 9), new DateOnly(2026, 1, 5)];

        var digest = await Composer().ComposeAsync(Request(), default);

        Assert.Equal(["Newest.", "Middle.", "Older."], digest.Brief.Bullets.Select(b => b.Text));
    }

    [Fact]
    public async Task Compose_EmptyTopic_ThrowsArgumentExceptionSayingWhatToDo()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Composer().ComposeAsync(Request() with { Topic = "  " }, default));

        Assert.Contains("Name a topic", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The   Fed raised rates.", "the fed raised rates")]
    [InlineData("\"The Fed\" raised rates!", "The Fed raised rates")]
    public void Key_IgnoresCaseSpacingAndPunctuation(string a, string b) => Assert.Equal(DigestBullets.Key(a), DigestBullets.Key(b));

    private DigestComposer Composer()
    {
        var model = new EmbeddingModelInfo("test", 4, 512, "query: ");
        return new DigestComposer(_store, new HybridRetriever(_store, new ConstantEmbedder(), model), _composer, Options.Create(new AnswerOptions()), NullLogger<DigestComposer>.Instance);
    }

    private static DigestRequest Request(IReadOnlySet<string>? posted = null) => new(Scope, "rates", Window, posted ?? new HashSet<string>());

    private static DocumentRecord Document(string name, DateTimeOffset ingested, DateOnly? published = null) =>
        new(DocumentId.For(Scope, name), Scope, name, name, published, ingested, "h", 1, 10);

    private static Brief Brief(params (string Text, int[] Citations)[] bullets) =>
        new("rates", [.. bullets.Select(b => new BriefBullet(b.Text, b.Citations))], false, []);

    private sealed class FakeComposer : IAnswerComposer
    {
        public Brief? Next { get; set; }

        public DateOnly?[] Dates { get; set; } = [];

        public int Calls { get; private set; }

        public Task<Answer> ComposeAnswerAsync(string question, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Brief> ComposeBriefAsync(string topic, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken)
        {
            Calls++;
            var brief = Next ?? new Brief(topic, [], true, []);
            var numbers = brief.Bullets.SelectMany(b => b.Citations).Distinct().Order();
            var citations = numbers.Select(n => new Citation(n, DocumentId.For(Scope, "a"), "A", "a", "quote " + n, n - 1 < Dates.Length ? Dates[n - 1] : null)).ToList();
            return Task.FromResult(brief with { Citations = citations });
        }
    }

    private sealed class FakeStore : IDocumentStore
    {
        public List<DocumentRecord> Documents { get; } = [];

        public SearchQuery? LastQuery { get; private set; }

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<DocumentRecord?> GetDocumentAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken) => Task.FromResult(Documents.FirstOrDefault(d => d.Id == id));

        public Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteDocumentAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(ScopeId scope, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DocumentRecord>>(Documents);

        public Task<IReadOnlyList<ScopeId>> ListScopesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ScopeId>>([Scope]);

        public Task<bool> UpdateSourceStateAsync(ScopeId scope, DocumentId id, SourceState state, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<RetrievedChunk>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
        {
            LastQuery = query;
            return Task.FromResult<IReadOnlyList<RetrievedChunk>>([]);
        }
    }

    private sealed class ConstantEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(_ => new Embedding<float>(new float[] { 1, 0, 0, 0 }))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
