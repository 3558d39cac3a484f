using Briefer.Core.Answering;
using Briefer.Core.Conversations;
using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Options = Microsoft.Extensions.Options.Options;

namespace Briefer.Core.Tests.Conversations;

public sealed class SqliteConversationStoreTests : IDisposable
{
    private static readonly ScopeId GuildA = new("111");
    private static readonly ScopeId GuildB = new("222");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "briefer-conversations-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private SqliteConversationStore Open(ConversationOptions? options = null) =>
        new(Options.Create(new StoreOptions { DataDirectory = _directory }), Options.Create(options ?? new ConversationOptions()), _time);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static Answer Answer(string question, bool abstained = false) => abstained
        ? new Answer(question, "The loaded documents do not cover this question.", true, [])
        : new Answer(question, "It grew by 4 percent. [1]", false, [new Citation(1, new DocumentId("0123456789abcdef"), "Budget", "https://example.org/b", "It grew by 4 percent.", new DateOnly(2026, 1, 9), "p. 3")]);

    private async Task<AnswerId> RecordAsync(SqliteConversationStore store, ScopeId scope, string question, bool abstained = false, AnswerKind kind = AnswerKind.Question)
    {
        var id = AnswerId.New();
        await store.RecordAnswerAsync(new AnswerEntry(id, scope, kind, question, question, Answer(question, abstained), _time.GetUtcNow()), "discord:42", CancellationToken.None);
        return id;
    }

    [Fact]
    public async Task GetAnswer_RoundTripsCitations_OnlyInItsOwnScope()
    {
        using var store = Open();
        var id = await RecordAsync(store, GuildA, "How much did the budget grow?");

        var found = await store.GetAnswerAsync(GuildA, id, CancellationToken.None);
        var elsewhere = await store.GetAnswerAsync(GuildB, id, CancellationToken.None);

        Assert.Equal("How much did the budget grow?", found!.Question);
        Assert.Equal(Answer("x").Citations, found.Answer.Citations);
        Assert.Null(elsewhere);
    }

    [Fact]
    public async Task Vote_UpThenDownThenDown_OneVoteChangedThenUnchanged()
    {
        using var store = Open();
        var id = await RecordAsync(store, GuildA, "q?");

        Assert.Equal(VoteOutcome.Recorded, await store.VoteAsync(GuildA, id, "discord:7", Vote.Up, CancellationToken.None));
        Assert.Equal(VoteOutcome.Changed, await store.VoteAsync(GuildA, id, "discord:7", Vote.Down, CancellationToken.None));
        Assert.Equal(VoteOutcome.Unchanged, await store.VoteAsync(GuildA, id, "discord:7", Vote.Down, CancellationToken.None));
        Assert.Equal(VoteOutcome.UnknownAnswer, await store.VoteAsync(GuildB, id, "discord:7", Vote.Up, CancellationToken.None));

        var insights = await store.GetInsightsAsync(GuildA, DateTimeOffset.UnixEpoch, 5, ReaderAudience.Everything, CancellationToken.None);
        Assert.Equal((0, 1), (insights.UpVotes, insights.DownVotes));
    }

    [Fact]
    public async Task Store_NeverKeepsTheRawUserId()
    {
        using (var store = Open())
        {
            var id = await RecordAsync(store, GuildA, "q?");
            await store.VoteAsync(GuildA, id, "discord:123456789012345678", Vote.Up, CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_directory, "conversations.db"));
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("123456789012345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("discord:42", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conversation_SurvivesReopening_AndExpiresAfterMaxAge()
    {
        var options = new ConversationOptions { MaxAge = TimeSpan.FromDays(7) };
        using (var store = Open(options))
        {
            Assert.True(await store.StartConversationAsync(GuildA, "thread:1", new ConversationTurn("q1", "q1", "a1", false, [], _time.GetUtcNow()), CancellationToken.None));
            Assert.False(await store.StartConversationAsync(GuildA, "thread:1", new ConversationTurn("q1", "q1", "a1", false, [], _time.GetUtcNow()), CancellationToken.None));
            await store.AppendTurnAsync(GuildA, "thread:1", new ConversationTurn("q2", "q2 (x)", "a2", true, [], _time.GetUtcNow()), CancellationToken.None);
        }

        using var reopened = Open(options);
        var conversation = await reopened.GetConversationAsync(GuildA, "thread:1", CancellationToken.None);
        Assert.Equal(["q1", "q2"], conversation!.Turns.Select(t => t.Question));
        Assert.Equal("q2 (x)", conversation.Turns[1].StandaloneQuestion);
        Assert.Null(await reopened.GetConversationAsync(GuildB, "thread:1", CancellationToken.None));

        _time.Advance(TimeSpan.FromDays(8));
        Assert.Null(await reopened.GetConversationAsync(GuildA, "thread:1", CancellationToken.None));
    }

    [Fact]
    public async Task Insights_CountsAndTopGaps_GroupedByQuestionWithinThePeriod()
    {
        using var store = Open();
        await RecordAsync(store, GuildA, "old question?", abstained: true);
        _time.Advance(TimeSpan.FromDays(40));
        var since = _time.GetUtcNow() - TimeSpan.FromDays(30);
        await RecordAsync(store, GuildA, "What is the parking plan?", abstained: true);
        await RecordAsync(store, GuildA, "what is the  parking plan", abstained: true);
        await RecordAsync(store, GuildA, "Who pays for it?", abstained: true);
        var answered = await RecordAsync(store, GuildA, "How much did the budget grow?");
        await RecordAsync(store, GuildA, "The budget grew.", kind: AnswerKind.Check);
        await store.CommentAsync(GuildA, answered, "discord:1", "Wrong year", CancellationToken.None);
        await store.VoteAsync(GuildA, answered, "discord:2", Vote.Up, CancellationToken.None);
        await RecordAsync(store, GuildB, "What is the parking plan?", abstained: true);

        var insights = await store.GetInsightsAsync(GuildA, since, 5, ReaderAudience.Everything, CancellationToken.None);

        Assert.Equal((4, 1, 3, 1), (insights.Asked, insights.Answered, insights.Abstained, insights.Checks));
        Assert.Equal((1, 1), (insights.UpVotes, insights.DownVotes));
        Assert.Equal(0.5, insights.UpShare);
        Assert.Equal(("what is the parking plan", 2), (SqliteConversationStore.NormalizeQuestion(insights.TopUnanswered[0].Question), insights.TopUnanswered[0].Count));
        Assert.Equal(2, insights.TopUnanswered.Count);
        Assert.Equal("Wrong year", Assert.Single(insights.TopDownVoted).Comment);
    }

    [Fact]
    public async Task Retention_OldAnswersAndVotesDeletedAsNewOnesArrive()
    {
        using var store = Open(new ConversationOptions { Retention = TimeSpan.FromDays(30) });
        var old = await RecordAsync(store, GuildA, "old?");
        await store.VoteAsync(GuildA, old, "discord:1", Vote.Up, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(31));

        // Pruning runs on the first write of a store and every 200 writes after.
        using var next = Open(new ConversationOptions { Retention = TimeSpan.FromDays(30) });
        await RecordAsync(next, GuildA, "new?");

        Assert.Null(await next.GetAnswerAsync(GuildA, old, CancellationToken.None));
        Assert.Equal(0, (await next.GetInsightsAsync(GuildA, DateTimeOffset.UnixEpoch, 5, ReaderAudience.Everything, CancellationToken.None)).UpVotes);
    }

    [Fact]
    public async Task Insights_QuestionAskedInPrivateChannel_ListedOnlyForReadersOfThatChannel()
    {
        using var store = Open();
        var modChat = new AudienceChannelId(555);
        await RecordWhereAsync(store, "What is the public plan?", Visibility.Everyone);
        await RecordWhereAsync(store, "Who is on the SECRET shortlist?", Visibility.ForChannel(modChat));
        await RecordWhereAsync(store, "An old question of unknown origin?", null);

        var outsider = await store.GetInsightsAsync(GuildA, DateTimeOffset.UnixEpoch, 5, ReaderAudience.Of([new AudienceChannelId(1)], []), CancellationToken.None);
        var reader = await store.GetInsightsAsync(GuildA, DateTimeOffset.UnixEpoch, 5, ReaderAudience.Of([modChat], []), CancellationToken.None);
        var operatorView = await store.GetInsightsAsync(GuildA, DateTimeOffset.UnixEpoch, 5, ReaderAudience.Everything, CancellationToken.None);

        Assert.Equal(["What is the public plan?"], outsider.TopUnanswered.Select(q => q.Question));
        Assert.Equal(3, outsider.Abstained);
        Assert.Contains(reader.TopUnanswered, q => q.Question.Contains("SECRET", StringComparison.Ordinal));
        Assert.DoesNotContain(reader.TopUnanswered, q => q.Question.Contains("unknown origin", StringComparison.Ordinal));
        Assert.Equal(3, operatorView.TopUnanswered.Count);
    }

    [Fact]
    public async Task Insights_DownVotedQuestionFromPrivateChannel_CommentHiddenToo()
    {
        using var store = Open();
        var id = await RecordWhereAsync(store, "SECRET roster question?", Visibility.ForChannel(new AudienceChannelId(555)), abstained: false);
        await store.CommentAsync(GuildA, id, "discord:1", "SECRET comment", CancellationToken.None);

        var outsider = await store.GetInsightsAsync(GuildA, DateTimeOffset.UnixEpoch, 5, ReaderAudience.EveryoneOnly, CancellationToken.None);

        Assert.Empty(outsider.TopDownVoted);
        Assert.Equal(1, outsider.DownVotes);
    }

    [Fact]
    public async Task Open_FileFromBeforeAskedIn_GainsTheColumn_OldRowsOnlyForEverything()
    {
        Directory.CreateDirectory(_directory);
        using (var old = new SqliteConnection($"Data Source={Path.Combine(_directory, "conversations.db")};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE answers (
                    scope TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, question TEXT NOT NULL, standalone TEXT NOT NULL,
                    text TEXT NOT NULL, abstained INTEGER NOT NULL, mode TEXT NOT NULL, note TEXT, citations TEXT NOT NULL,
                    asker TEXT NOT NULL, at INTEGER NOT NULL, conversation TEXT,
                    PRIMARY KEY (scope, id));
                INSERT INTO answers VALUES ('111', 'aaaaaaaaaaaa', 'Question', 'Old private question?', 'Old private question?', 'x', 1, 'Extractive', NULL, '[]', 'h', $at, NULL);
                """;
            create.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
            create.ExecuteNonQuery();
        }

        using var store = Open();
        await RecordWhereAsync(store, "New public question?", Visibility.Everyone);

        var member = await store.GetInsightsAsync(GuildA, DateTimeOffset.UnixEpoch, 5, ReaderAudience.EveryoneOnly, CancellationToken.None);
        var operatorView = await store.GetInsightsAsync(GuildA, DateTimeOffset.UnixEpoch, 5, ReaderAudience.Everything, CancellationToken.None);

        Assert.Equal(["New public question?"], member.TopUnanswered.Select(q => q.Question));
        Assert.Equal(2, operatorView.TopUnanswered.Count);
    }

    private async Task<AnswerId> RecordWhereAsync(SqliteConversationStore store, string question, Visibility? askedIn, bool abstained = true)
    {
        var id = AnswerId.New();
        var entry = new AnswerEntry(id, GuildA, AnswerKind.Question, question, question, Answer(question, abstained), _time.GetUtcNow()) { AskedIn = askedIn };
        await store.RecordAnswerAsync(entry, "discord:42", CancellationToken.None);
        return id;
    }
}
