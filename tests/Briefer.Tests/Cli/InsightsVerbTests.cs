using Briefer.Cli;
using Briefer.Core.Answering;
using Briefer.Core.Conversations;
using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Options = Microsoft.Extensions.Options.Options;

namespace Briefer.Tests.Cli;

/// <summary><c>briefer insights --scope</c> reads the conversation database the bot writes.</summary>
public sealed class InsightsVerbTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task SeedAsync()
    {
        using var store = new SqliteConversationStore(Options.Create(new StoreOptions { DataDirectory = _cli.DataDirectory }), Options.Create(new ConversationOptions()), TimeProvider.System);
        var scope = new ScopeId("111");
        foreach (var (question, abstained) in new[] { ("What is the parking plan?", true), ("What is the parking plan?", true), ("How much did it cost?", false) })
        {
            var id = AnswerId.New();
            var answer = abstained ? new Answer(question, "not covered", true, []) : new Answer(question, "4.2 million [1]", false, []);
            await store.RecordAnswerAsync(new AnswerEntry(id, scope, AnswerKind.Question, question, question, answer, DateTimeOffset.UtcNow), "discord:9", CancellationToken.None);
            if (!abstained)
            {
                await store.CommentAsync(scope, id, "discord:8", "Out of date", CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task Insights_Json_CountsAndGapsOfThatScopeOnly()
    {
        await SeedAsync();

        var result = await _cli.RunAsync("insights", "--scope", "111", "--json");
        var other = await _cli.RunAsync("insights", "--scope", "222", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error + result.Output);
        var json = result.Json();
        Assert.Equal(3, json.GetProperty("asked").GetInt32());
        Assert.Equal(2, json.GetProperty("abstained").GetInt32());
        Assert.Equal(1, json.GetProperty("downVotes").GetInt32());
        var gap = json.GetProperty("topUnanswered")[0];
        Assert.Equal(("What is the parking plan?", 2), (gap.GetProperty("question").GetString(), gap.GetProperty("count").GetInt32()));
        Assert.Equal("Out of date", json.GetProperty("topDownVoted")[0].GetProperty("comment").GetString());
        Assert.Equal(0, other.Json().GetProperty("asked").GetInt32());
    }

    [Fact]
    public async Task Insights_Text_NamesTheGaps()
    {
        await SeedAsync();

        var result = await _cli.RunAsync("insights", "--scope", "111", "--since", "7d");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("3 asked, 1 answered, 2 not covered", result.Output, StringComparison.Ordinal);
        Assert.Contains("2×  What is the parking plan?", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insights_BadSince_OneLineUsageError()
    {
        var result = await _cli.RunAsync("insights", "--scope", "111", "--since", "lately");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("7d", result.Error, StringComparison.Ordinal);
    }
}
