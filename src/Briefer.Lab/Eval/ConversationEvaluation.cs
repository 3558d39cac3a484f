using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Conversations;
using Briefer.Core.Documents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli.Eval;

/// <summary>
/// A two-turn conversation case: a first question, a second that only makes sense after it, the facts a right second
/// answer contains (case-insensitive substrings) and the file names it may cite.
/// </summary>
internal sealed record ConversationCase(
    [property: JsonPropertyName("first")] string First,
    [property: JsonPropertyName("second")] string Second,
    [property: JsonPropertyName("facts")] IReadOnlyList<string> Facts,
    [property: JsonPropertyName("sources")] IReadOnlyList<string> Sources);

/// <summary>How one conversation went: the second question as Briefer read it, and whether its answer was right, with and without the conversation.</summary>
internal sealed record ConversationResult(ConversationCase Case, string Standalone, bool FirstRight, bool SecondRight, bool SecondAloneRight, string SecondAnswer);

/// <summary>
/// <c>briefer eval conversations</c>: for each case, asks the first question, makes the second self-contained from
/// that turn with the configured <see cref="IFollowUpRewriter"/> (the rule, or the model with <c>Llm:Provider</c> set),
/// asks it, and judges the second answer: right when it contains every fact and cites one of the sources. The same
/// second question asked alone, without the conversation, is the baseline.
/// </summary>
internal static class ConversationEvaluation
{
    public static Command Create(Func<ParseResult, CliSettings> settings, ILabApp app, Func<ParseResult, CliSettings, Func<IHost, VerbContext, Task<int>>, CancellationToken, Task<int>> runInStore)
    {
        var cases = new Option<string>("--cases") { Description = "A JSON-lines file of {\"first\", \"second\", \"facts\", \"sources\"} cases, e.g. eval/conversation-cases.jsonl.", Required = true };
        var documents = new Option<string?>("--documents") { Description = "The documents the cases are about (default: the bundled samples)." };
        var command = new Command("conversations", "Ask two-turn conversations over the documents and count second answers that are right.") { cases, documents };
        command.SetAction((r, ct) => runInStore(r, settings(r), (h, c) => RunAsync(app, h, c, r.GetValue(cases)!, r.GetValue(documents), ct), ct));
        return command;
    }

    private static async Task<int> RunAsync(ILabApp app, IHost host, VerbContext context, string casesPath, string? documents, CancellationToken cancellationToken)
    {
        var cases = Load(casesPath);
        var folder = documents ?? Path.Combine(AppContext.BaseDirectory, "samples");
        var quiet = context with { Settings = context.Settings with { Json = false }, Output = TextWriter.Null };
        if (await app.IngestAsync(host, quiet, [folder], cancellationToken).ConfigureAwait(false) != ExitCodes.Ok)
        {
            return context.Fail(ExitCodes.Failed, $"could not ingest every document in {folder}.");
        }

        var results = new List<ConversationResult>();
        foreach (var item in cases)
        {
            results.Add(await RunCaseAsync(host.Services, context.Settings.Scope, item, cancellationToken).ConfigureAwait(false));
        }

        var right = results.Count(r => r.SecondRight);
        var alone = results.Count(r => r.SecondAloneRight);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(new ConversationsJson(results.Count, right, alone, results.Count(r => r.FirstRight),
                [.. results.Select(r => new ConversationCaseJson(r.Case.First, r.Case.Second, r.Standalone, r.FirstRight, r.SecondRight, r.SecondAloneRight, r.SecondAnswer))]),
                ConversationEvalJsonContext.Default.ConversationsJson));
            return ExitCodes.Ok;
        }

        foreach (var r in results)
        {
            context.Output.WriteLine($"{(r.SecondRight ? "pass" : "FAIL")}  {r.Case.First} → {r.Case.Second}  (read as: {r.Standalone}){(r.SecondAloneRight ? string.Empty : "  [alone: wrong]")}");
        }

        context.Output.WriteLine();
        context.Output.WriteLine($"{right}/{results.Count} second answers right in the conversation; {alone}/{results.Count} when the second question is asked alone. First answers right: {results.Count(r => r.FirstRight)}/{results.Count}.");
        return ExitCodes.Ok;
    }

    public static async Task<ConversationResult> RunCaseAsync(IServiceProvider services, ScopeId scope, ConversationCase item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(item);
        var briefing = services.GetRequiredService<IBriefingService>();
        var conversations = services.GetRequiredService<ConversationService>();
        var first = await briefing.AskAsync(scope, item.First, cancellationToken).ConfigureAwait(false);
        var turn = ConversationService.Turn(item.First, item.First, first, DateTimeOffset.UnixEpoch);
        var (standalone, second) = await conversations.AnswerInContextAsync(scope, item.Second, [turn], cancellationToken).ConfigureAwait(false);
        var alone = await briefing.AskAsync(scope, item.Second, cancellationToken).ConfigureAwait(false);
        return new ConversationResult(item, standalone, Right(first, [], item.Sources), Right(second, item.Facts, item.Sources), Right(alone, item.Facts, item.Sources), second.Text);
    }

    private static bool Right(Answer answer, IReadOnlyList<string> facts, IReadOnlyList<string> sources)
    {
        var text = string.Join(' ', answer.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return !answer.Abstained
            && facts.All(f => text.Contains(f, StringComparison.OrdinalIgnoreCase))
            && answer.Citations.Any(c => sources.Contains(Path.GetFileName(c.Source), StringComparer.OrdinalIgnoreCase));
    }

    public static IReadOnlyList<ConversationCase> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The case file '{path}' does not exist. Pass a JSON-lines file of {{\"first\", \"second\", \"facts\", \"sources\"}} with --cases.");
        }

        var cases = new List<ConversationCase>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            ConversationCase? item;
            try
            {
                item = JsonSerializer.Deserialize(line, ConversationEvalJsonContext.Default.ConversationCase);
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"{path}, line {number}: {ex.Message}", ex);
            }

            if (item is null || string.IsNullOrWhiteSpace(item.First) || string.IsNullOrWhiteSpace(item.Second) || item.Sources is not { Count: > 0 })
            {
                throw new ArgumentException($"{path}, line {number}: a case needs \"first\", \"second\" and at least one of \"sources\".");
            }

            cases.Add(item with { Facts = item.Facts ?? [] });
        }

        return cases;
    }
}

internal sealed record ConversationCaseJson(string First, string Second, string ReadAs, bool FirstRight, bool SecondRight, bool SecondAloneRight, string SecondAnswer);

internal sealed record ConversationsJson(int Cases, int SecondRight, int SecondAloneRight, int FirstRight, IReadOnlyList<ConversationCaseJson> Results);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ConversationCase))]
[JsonSerializable(typeof(ConversationsJson))]
internal sealed partial class ConversationEvalJsonContext : JsonSerializerContext;
