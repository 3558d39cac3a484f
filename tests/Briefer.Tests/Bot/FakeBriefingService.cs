using System.Collections.Concurrent;
using System.Text;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;

namespace Briefer.Tests.Bot;

/// <summary>
/// An in-memory <see cref="IBriefingService"/>: documents per scope; answers cite every document of the asked
/// scope that the audience may read, and abstain when there is none. Answers can be held back with <see cref="Gate"/>.
/// </summary>
public sealed class FakeBriefingService : IBriefingService
{
    public ConcurrentDictionary<(ScopeId Scope, DocumentId Id), (DocumentRecord Record, string Text)> Documents { get; } = new();

    /// <summary>When set, answers wait for it (to show that acks do not wait for answers).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Every question AskAsync was given, in order.</summary>
    public ConcurrentQueue<string> Questions { get; } = new();

    /// <summary>Every audience AskAsync and BriefAsync were given, in order.</summary>
    public ConcurrentQueue<ReaderAudience> Audiences { get; } = new();

    /// <summary>The answerability score of the answers it gives (abstentions score 0.05).</summary>
    public double AnswerScore { get; set; } = 0.95;

    /// <summary>The confidence (estimated probability of being right) of the answers it gives (abstentions: 0.05).</summary>
    public double Confidence { get; set; } = 0.99;

    /// <summary>When set, AskAsync throws it.</summary>
    public Exception? AskFailure { get; set; }

    public Task<IngestResult> IngestAsync(ScopeId scope, DocumentSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.FileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) && !source.FileName.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            throw new DocumentRejectedException($"{source.FileName}: only .txt and .md files can be loaded.");
        }

        var text = Encoding.UTF8.GetString(source.Content.Span);
        var id = DocumentId.For(scope, source.Source);
        var title = text.Split('\n')[0].Trim();
        var record = new DocumentRecord(id, scope, title, source.Source, new DateOnly(2026, 1, 9), DateTimeOffset.UnixEpoch, "hash", 3, 100) { Visibility = source.Visibility };
        var outcome = !Documents.TryGetValue((scope, id), out var existing) ? IngestOutcome.Added
            : existing.Text == text && existing.Record.Visibility.Equals(source.Visibility) ? IngestOutcome.UpToDate
            : IngestOutcome.Updated;
        Documents[(scope, id)] = (record, text);
        return Task.FromResult(new IngestResult(id, title, source.Source, outcome, 3, 100, TimeSpan.FromMilliseconds(120)));
    }

    public async Task<Answer> AskAsync(ScopeId scope, string question, ReaderAudience audience, CancellationToken cancellationToken)
    {
        Audiences.Enqueue(audience);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (AskFailure is { } failure)
        {
            throw failure;
        }

        Questions.Enqueue(question);

        var citations = InScope(scope, audience).Select((d, i) => new Citation(i + 1, d.Record.Id, d.Record.Title, d.Record.Source, d.Text, d.Record.PublishedAt)).ToList();
        return citations.Count == 0
            ? new Answer(question, "The loaded documents do not answer this.", true, []) { Answerability = 0.05, Confidence = 0.05 }
            : new Answer(question, "@everyone " + string.Join(' ', citations.Select(c => c.Quote.Trim() + $" [{c.N}]")), false, citations) { Answerability = AnswerScore, Confidence = Confidence };
    }

    public Task<Brief> BriefAsync(ScopeId scope, string topic, DateOnly? since, ReaderAudience audience, CancellationToken cancellationToken)
    {
        Audiences.Enqueue(audience);
        var citations = InScope(scope, audience).Select((d, i) => new Citation(i + 1, d.Record.Id, d.Record.Title, d.Record.Source, d.Text, d.Record.PublishedAt)).ToList();
        return Task.FromResult(new Brief(topic, citations.Select(c => new BriefBullet(c.Quote, [c.N])).ToList(), citations.Count == 0, citations, Note: since?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    public Task<IReadOnlyList<DocumentRecord>> ListSourcesAsync(ScopeId scope, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DocumentRecord>>(InScope(scope).Select(d => d.Record).ToList());

    public Task<bool> ForgetAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken) =>
        Task.FromResult(Documents.TryRemove((scope, id), out _));

    private IEnumerable<(DocumentRecord Record, string Text)> InScope(ScopeId scope, ReaderAudience? audience = null) =>
        Documents.Where(p => p.Key.Scope == scope && (audience is null || audience.CanSee(p.Value.Record.Visibility)))
            .Select(p => p.Value).OrderBy(d => d.Record.Source, StringComparer.Ordinal);
}
