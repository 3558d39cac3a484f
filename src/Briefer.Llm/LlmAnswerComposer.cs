using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Text;
using Briefer.Core.Answering;
using Briefer.Core.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Polly;
using Polly.Retry;

namespace Briefer.Llm;

/// <summary>
/// Writes answers and briefs with a model through Semantic Kernel, then checks every sentence against the source it
/// cites (<see cref="CitationChecker"/>) before anyone sees it. A slow, failing, rate-limited, empty, abstaining or
/// unsupported model answer is replaced by the <see cref="ExtractiveAnswerComposer"/>'s, with a short note.
/// </summary>
internal sealed class LlmAnswerComposer(
    LlmKernel kernel,
    BriefingPrompts prompts,
    ExtractiveAnswerComposer extractive,
    IOptions<LlmOptions> options,
    TimeProvider timeProvider,
    ILogger<LlmAnswerComposer> logger,
    IEmbeddingGenerator<string, Embedding<float>>? embeddings = null) : IAnswerComposer
{
    /// <summary>What the prompts tell the model to reply, alone, when the sources do not answer (the <c>{{$no_answer}}</c> variable).</summary>
    internal const string NoAnswerToken = "NO_ANSWER";

    /// <summary>The most chunks sent to the model; more would crowd small local models' context.</summary>
    internal const int MaxSources = 12;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly LlmOptions _options = options.Value;
    private readonly ResiliencePipeline _retry = CreateRetry(options.Value, timeProvider, logger);
    private readonly CitationChecker _checker = new(options.Value.MinLexicalSupport, options.Value.MinSimilarity, embeddings);

    public async Task<Answer> ComposeAnswerAsync(string question, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(evidence);
        var sources = evidence.Take(MaxSources).ToList();

        // The same answerability decision as the extractive mode, before any model call is spent: a question the
        // documents do not answer is not sent to the model at all.
        var selection = await extractive.Selector.SelectAsync(question, evidence, cancellationToken).ConfigureAwait(false);
        if (sources.Count == 0 || selection.Abstain)
        {
            Log.NotAnswerable(logger, selection.AbstainReason ?? AbstainReasons.NothingMatches);
            return extractive.Compose(question, selection);
        }

        var arguments = Arguments(sources);
        arguments[PromptVariables.Question] = question;
        var reply = await CallModelAsync("answer", prompts.Answer, arguments, cancellationToken).ConfigureAwait(false);
        if (Rejected(reply) is { } reason)
        {
            return FallBack(reason);
        }

        var check = await _checker.CheckAsync(reply.Text!, sources, cancellationToken).ConfigureAwait(false);
        LogCheck("answer", check);
        if (TooLittleSurvives(check))
        {
            return FallBack(Unsupported(check));
        }

        var numbering = new CitationNumbering(sources);
        var text = new StringBuilder();
        foreach (var sentence in check.Kept)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(WithMarkers(sentence.Text, sentence.Citations.Select(numbering.Number)));
        }

        return new Answer(question, text.ToString(), false, numbering.Citations, AnswerMode.Llm, RemovalNote(check)) { Answerability = selection.Answerable, Confidence = selection.Confidence };

        // The extractive answer from the selection made above: the selection is not run a second time.
        Answer FallBack(string why)
        {
            Log.FellBack(logger, "answer", why);
            var answer = extractive.Compose(question, selection);
            return answer with { Mode = AnswerMode.Extractive, Note = Note(why, answer.Abstained) };
        }
    }

    public async Task<Brief> ComposeBriefAsync(string topic, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(evidence);
        var sources = evidence.Take(MaxSources).ToList();
        if (sources.Count == 0)
        {
            return await extractive.ComposeBriefAsync(topic, evidence, cancellationToken).ConfigureAwait(false);
        }

        var arguments = Arguments(sources);
        arguments[PromptVariables.Topic] = topic;
        var reply = await CallModelAsync("brief", prompts.Brief, arguments, cancellationToken).ConfigureAwait(false);
        if (Rejected(reply) is { } reason)
        {
            return await FallBackAsync(reason).ConfigureAwait(false);
        }

        // Each bullet is checked on its own; the counts add up over the brief.
        var numbering = new CitationNumbering(sources);
        var bullets = new List<BriefBullet>();
        var kept = new List<CheckedSentence>();
        int sentences = 0, uncited = 0, unsupported = 0, dangling = 0, dropped = 0;
        foreach (var line in BulletLines(reply.Text!))
        {
            var check = await _checker.CheckAsync(line, sources, cancellationToken).ConfigureAwait(false);
            (sentences, uncited, unsupported, dangling, dropped) =
                (sentences + check.Sentences, uncited + check.Uncited, unsupported + check.Unsupported, dangling + check.DanglingMarkers, dropped + check.DroppedCitations);
            if (check.Kept.Count == 0)
            {
                continue;
            }

            kept.AddRange(check.Kept);
            var numbers = check.Kept.SelectMany(s => s.Citations).Select(numbering.Number).Distinct().Order().ToList();
            bullets.Add(new BriefBullet(string.Join(' ', check.Kept.Select(s => s.Text)), numbers));
        }

        var total = new CitationCheckResult(kept, sentences, uncited, unsupported, dangling, dropped);
        LogCheck("brief", total);
        if (TooLittleSurvives(total))
        {
            return await FallBackAsync(Unsupported(total)).ConfigureAwait(false);
        }

        return new Brief(topic, bullets, false, numbering.Citations, AnswerMode.Llm, RemovalNote(total));

        async Task<Brief> FallBackAsync(string why)
        {
            Log.FellBack(logger, "brief", why);
            var brief = await extractive.ComposeBriefAsync(topic, evidence, cancellationToken).ConfigureAwait(false);
            return brief with { Mode = AnswerMode.Extractive, Note = Note(why, brief.Abstained) };
        }
    }

    /// <summary>The model's lines that are bullets; when it wrote none as a list, every non-empty line.</summary>
    internal static IReadOnlyList<string> BulletLines(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bullets = lines.Where(IsBullet).ToList();
        return bullets.Count > 0 ? bullets : lines;

        static bool IsBullet(string line) =>
            line.Length > 1 && (line[0] is '-' or '*' or '•' || (char.IsDigit(line[0]) && line.TakeWhile(char.IsDigit).Count() is var digits && digits < line.Length && line[digits] is '.' or ')'));
    }

    private static string? Rejected(ModelReply reply)
    {
        if (reply.Failure is not null)
        {
            return reply.Failure;
        }

        if (string.IsNullOrWhiteSpace(reply.Text))
        {
            return "the model returned an empty answer";
        }

        return reply.Text.Contains(NoAnswerToken, StringComparison.Ordinal) ? "the model found no answer in the sources" : null;
    }

    private bool TooLittleSurvives(CitationCheckResult check) =>
        check.Kept.Count == 0 || check.Kept.Count < _options.MinSurvivingShare * check.Sentences;

    private static string Unsupported(CitationCheckResult check) =>
        string.Create(CultureInfo.InvariantCulture, $"{check.Removed} of {check.Sentences} sentences of the model's answer were not supported by the sources it cited");

    /// <summary>Why the user sees the extractive result: "Quoted answer: …", or just the reason when nothing was quoted either.</summary>
    private static string Note(string reason, bool abstained) =>
        abstained ? string.Concat(reason[..1].ToUpperInvariant(), reason.AsSpan(1), ".") : $"Quoted answer: {reason}.";

    /// <summary>What the user is told the check removed from a model answer that was kept; null when nothing.</summary>
    private static string? RemovalNote(CitationCheckResult check)
    {
        var parts = new List<string>();
        if (check.Removed > 0)
        {
            parts.Add(Count(check.Removed, "unsupported sentence", "unsupported sentences"));
        }

        if (check.DanglingMarkers > 0)
        {
            parts.Add(Count(check.DanglingMarkers, "citation to a missing source", "citations to missing sources"));
        }

        if (check.DroppedCitations > 0)
        {
            parts.Add(Count(check.DroppedCitations, "citation to a source that does not support its sentence", "citations to sources that do not support their sentences"));
        }

        return parts.Count == 0 ? null : "Citation check removed " + string.Join(", ", parts) + ".";

        static string Count(int n, string one, string many) => string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");
    }

    /// <summary>"Claim." with markers → "Claim [1][2]." (markers before the closing punctuation).</summary>
    private static string WithMarkers(string sentence, IEnumerable<int> numbers)
    {
        var markers = string.Concat(numbers.Distinct().Order().Select(n => string.Create(CultureInfo.InvariantCulture, $"[{n}]")));
        var end = sentence.Length;
        while (end > 0 && (sentence[end - 1] is '.' or '!' or '?' or '…' or '"' or '”' or '\'' or '’' or ')'))
        {
            end--;
        }

        return markers.Length == 0 ? sentence : sentence[..end] + " " + markers + sentence[end..];
    }

    private KernelArguments Arguments(IReadOnlyList<RetrievedChunk> sources) => new()
    {
        [PromptVariables.Sources] = SourceFormatter.Format(sources),
        [PromptVariables.NoAnswer] = NoAnswerToken,
        [PromptVariables.Today] = timeProvider.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private void LogCheck(string kind, CitationCheckResult check) =>
        Log.Checked(logger, kind, check.Kept.Count, check.Sentences, check.Uncited, check.Unsupported, check.DanglingMarkers, check.DroppedCitations);

    /// <summary>
    /// Calls the model within <see cref="LlmOptions.Timeout"/> (retries included), retrying 429 and 5xx up to
    /// <see cref="LlmOptions.MaxRetries"/> times (Polly, <see cref="CreateRetry"/>). Never throws for the model's sake: a failure becomes a reason to fall back.
    /// Only the caller's own cancellation propagates.
    /// </summary>
    private async Task<ModelReply> CallModelAsync(string kind, KernelFunction function, KernelArguments arguments, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await _retry.ExecuteAsync(
                async ct => await kernel.Kernel.InvokeAsync(function, arguments, ct).ConfigureAwait(false), linked.Token).ConfigureAwait(false);
            var text = result.GetValue<string>() ?? string.Empty;
            Log.ModelReplied(logger, kind, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds, text.Length);
            Log.ModelText(logger, kind, text);
            return new ModelReply(text, null);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception) when (timeout.IsCancellationRequested)
        {
            Log.ModelTimedOut(logger, _options.Timeout);
            return new ModelReply(null, "the model did not answer in time");
        }
        catch (HttpOperationException ex) when (ex.StatusCode is { } status)
        {
            Log.ModelFailed(logger, (int)status, ex.GetType().Name);
            return new ModelReply(null, status == HttpStatusCode.TooManyRequests
                ? "the model is rate-limited right now"
                : string.Create(CultureInfo.InvariantCulture, $"the model failed (HTTP {(int)status})"));
        }
#pragma warning disable CA1031 // The user always gets a reply: any other failure of the model call means the extractive answer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // One plain line for operators; the stack trace only at Debug (a dead endpoint is not a bug in Briefer).
            Log.ModelError(logger, ex.GetType().Name, ex.Message);
            Log.ModelErrorDetails(logger, ex);
            return new ModelReply(null, "the model could not be reached");
        }
    }

    /// <summary>
    /// Polly's retry of 429 and 5xx, up to <see cref="LlmOptions.MaxRetries"/> times, after <see cref="RetryDelay"/>
    /// (the server's Retry-After when it sent one) on the injected clock; within the caller's time limit.
    /// </summary>
    private static ResiliencePipeline CreateRetry(LlmOptions options, TimeProvider time, ILogger logger) => options.MaxRetries < 1
        ? ResiliencePipeline.Empty
        : new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = new PredicateBuilder().Handle<HttpOperationException>(ex => IsTransient(ex.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelay((HttpOperationException)args.Outcome.Exception!, args.AttemptNumber)),
                OnRetry = args =>
                {
                    Log.Retrying(logger, (int?)((HttpOperationException?)args.Outcome.Exception)?.StatusCode ?? 0, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();

    private static bool IsTransient(HttpStatusCode? status) =>
        status is HttpStatusCode.TooManyRequests || (int?)status >= 500;

    /// <summary>The server's Retry-After when it sent one, else 1 s, 2 s, 4 s…; at most <see cref="MaxRetryDelay"/>.</summary>
    private static TimeSpan RetryDelay(HttpOperationException exception, int attempt)
    {
        var fallback = TimeSpan.FromSeconds(Math.Pow(2, attempt));
        if (exception.InnerException is ClientResultException { } inner
            && inner.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var value) == true
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            fallback = TimeSpan.FromSeconds(seconds);
        }

        return fallback < MaxRetryDelay ? fallback : MaxRetryDelay;
    }

    private sealed record ModelReply(string? Text, string? Failure);

    /// <summary>Numbers citations 1, 2, … in order of first use; the same passage of the same source keeps one number.</summary>
    private sealed class CitationNumbering(IReadOnlyList<RetrievedChunk> sources)
    {
        private readonly Dictionary<(int Source, string Quote), int> _numbers = [];
        private readonly List<Citation> _citations = [];

        public IReadOnlyList<Citation> Citations => _citations;

        public int Number(SupportedCitation citation)
        {
            var chunk = sources[citation.Source];
            var quote = citation.QuoteText(chunk.Text);
            var key = (citation.Source, quote);
            if (_numbers.TryGetValue(key, out var n))
            {
                return n;
            }

            n = _citations.Count + 1;
            _numbers[key] = n;
            _citations.Add(new Citation(n, chunk.DocumentId, chunk.Title, chunk.Source, quote, chunk.PublishedAt, chunk.LocationOf(quote)));
            return n;
        }
    }
}
