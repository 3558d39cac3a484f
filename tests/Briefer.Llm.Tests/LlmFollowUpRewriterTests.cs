using Briefer.Core.Conversations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Llm.Tests;

/// <summary>The model makes follow-ups self-contained, with the conversation; any failure falls back to the rule.</summary>
public sealed class LlmFollowUpRewriterTests
{
    private static readonly ConversationTurn First = new("Why did the US call off the second strike?", "Why did the US call off the second strike?",
        "Venezuela released political prisoners [1].", false, [], DateTimeOffset.UnixEpoch);

    private static async Task<(LlmFollowUpRewriter Rewriter, FakeChatServer Server, LlmKernel Kernel)> StartAsync(params ScriptedReply[] script)
    {
        var server = await FakeChatServer.StartAsync(script);
        var options = new LlmOptions { Provider = LlmProvider.OpenAICompatible, ModelId = "test-model", Endpoint = server.Endpoint, ApiKey = Harness.ApiKey, Timeout = TimeSpan.FromSeconds(30) };
        var kernel = new LlmKernel(options, new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
        var prompt = FollowUpPrompt.Load(BriefingPrompts.Load(null).Directory);
        return (new LlmFollowUpRewriter(kernel, prompt, new RuleFollowUpRewriter(), Options.Create(options), new FakeTimeProvider(), new TestLogger<LlmFollowUpRewriter>()), server, kernel);
    }

    [Fact]
    public async Task Rewrite_ModelReplies_UsesItsQuestionAndSendsTheHistory()
    {
        var (rewriter, server, kernel) = await StartAsync(new ScriptedReply.Completion("\"When did the US call off the second strike on Venezuela?\"\n"));
        await using (server)
        using (kernel)
        {
            var rewritten = await rewriter.RewriteAsync("and when was that?", [First], CancellationToken.None);

            Assert.Equal("When did the US call off the second strike on Venezuela?", rewritten);
            var user = FakeChatServer.Message(Assert.Single(server.Requests), "user");
            Assert.Contains("Q: Why did the US call off the second strike?", user, StringComparison.Ordinal);
            Assert.Contains("A: Venezuela released political prisoners [1].", user, StringComparison.Ordinal);
            Assert.Contains("Last question: and when was that?", user, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rewrite_ModelFails_FallsBackToTheRule()
    {
        var (rewriter, server, kernel) = await StartAsync(new ScriptedReply.Status(500));
        await using (server)
        using (kernel)
        {
            var rewritten = await rewriter.RewriteAsync("and when was that?", [First], CancellationToken.None);

            Assert.Equal(RuleFollowUpRewriter.Rewrite("and when was that?", [First]), rewritten);
        }
    }
}
