using Briefer.Cli;
using Briefer.Tests.Cli;

namespace Briefer.Tests.Eval;

/// <summary>
/// <c>eval conversations</c> on the shipped cases: the harness runs, and at least 6 of 10 second answers are right (9 with
/// the coverage composer, 6 since the answer model abstains on pronoun-heavy follow-ups; docs/benchmarks.md).
/// </summary>
public sealed class ConversationEvalTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task EvalConversations_ShippedCases_AtLeastSixSecondAnswersRight()
    {
        var cases = Path.Combine(Path.GetDirectoryName(EvalFiles.AnswerCases)!, "conversation-cases.jsonl");

        var result = await _cli.RunAsync("eval", "conversations", "--cases", cases, "--documents", CliRunner.SamplesDirectory, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error + result.Output);
        var json = result.Json();
        Assert.Equal(10, json.GetProperty("cases").GetInt32());
        Assert.True(json.GetProperty("secondRight").GetInt32() >= 6, result.Output);
        Assert.All(json.GetProperty("results").EnumerateArray(), r => Assert.StartsWith(r.GetProperty("second").GetString()!, r.GetProperty("readAs").GetString()!, StringComparison.Ordinal));
    }
}
