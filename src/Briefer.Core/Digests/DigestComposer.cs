using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Digests;

/// <summary>
/// A digest is a brief confined to the window's new documents: the same retrieval and the same composer as
/// <c>/brief</c> (extractive or model-written), then only bullets that cite something and were not posted before,
/// newest first, citations renumbered in reading order.
/// </summary>
public sealed class DigestComposer(
    IDocumentStore store,
    HybridRetriever retriever,
    IAnswerComposer composer,
    IOptions<AnswerOptions> answerOptions,
    ILogger<DigestComposer> logger) : IDigestComposer
{
    private readonly AnswerOptions _answers = answerOptions.Value;

    public async Task<Digest> ComposeAsync(DigestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var topic = request.Topic?.Trim() ?? string.Empty;
        if (topic.Length == 0)
        {
            throw new ArgumentException("The digest topic is empty. Name a topic, for example: \"Venezuela\".");
        }

        if (topic.Length > _answers.MaxQuestionLength)
        {
            throw new ArgumentException($"The digest topic is {topic.Length} characters long; the limit is {_answers.MaxQuestionLength}. Shorten it.");
        }

        var documents = (await store.ListDocumentsAsync(request.Scope, cancellationToken).ConfigureAwait(false)).Where(d => request.Window.Contains(d) && request.Audience.CanSee(d.Visibility)).ToDictionary(d => d.Id);
        if (documents.Count == 0)
        {
            Log.Digested(logger, request.Scope.Value, 0, 0, 0);
            return Empty(topic, request.Window, 0, 0);
        }

        var evidence = await retriever.RetrieveAsync(
            request.Scope,
            topic,
            _answers.BriefChunks,
            candidatesPerMethod: Math.Max(50, _answers.BriefChunks * 2),
            documents: documents.Keys,
            audience: request.Audience,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var brief = await composer.ComposeBriefAsync(topic, evidence, cancellationToken).ConfigureAwait(false);
        if (brief.Abstained)
        {
            Log.Digested(logger, request.Scope.Value, documents.Count, 0, 0);
            return Empty(topic, request.Window, documents.Count, 0);
        }

        var byNumber = brief.Citations.ToDictionary(c => c.N);
        var kept = new List<(BriefBullet Bullet, string Key, DateTimeOffset Newest)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var repeats = 0;
        foreach (var bullet in brief.Bullets)
        {
            var cited = bullet.Citations.Where(byNumber.ContainsKey).Distinct().ToList();
            if (cited.Count == 0)
            {
                continue;
            }

            var key = DigestBullets.Key(bullet.Text);
            if (request.PostedBullets.Contains(key) || !keys.Add(key))
            {
                repeats++;
                continue;
            }

            var newest = cited.Max(n => Newness(byNumber[n], documents));
            kept.Add((bullet with { Citations = cited }, key, newest));
        }

        // Newest first (by the cited document's published date, else when it was ingested); ties keep the composer's order.
        var ordered = kept.Select((k, i) => (k, i)).OrderByDescending(x => x.k.Newest).ThenBy(x => x.i).Select(x => x.k).ToList();

        // Renumber citations in reading order, so [1] is in the first bullet and no source is listed unused.
        var renumbered = new Dictionary<int, int>();
        var citations = new List<Citation>();
        var bullets = new List<BriefBullet>();
        foreach (var (bullet, _, _) in ordered)
        {
            var numbers = new List<int>();
            foreach (var n in bullet.Citations)
            {
                if (!renumbered.TryGetValue(n, out var m))
                {
                    m = renumbered[n] = citations.Count + 1;
                    citations.Add(byNumber[n] with { N = m });
                }

                numbers.Add(m);
            }

            bullets.Add(new BriefBullet(bullet.Text, numbers));
        }

        Log.Digested(logger, request.Scope.Value, documents.Count, bullets.Count, repeats);
        return new Digest(topic, request.Window, brief with { Topic = topic, Bullets = bullets, Citations = citations, Abstained = bullets.Count == 0 }, documents.Count, repeats, [.. ordered.Select(o => o.Key)]);
    }

    private static DateTimeOffset Newness(Citation citation, Dictionary<DocumentId, DocumentRecord> documents)
    {
        if (citation.PublishedAt is { } published)
        {
            return new DateTimeOffset(published.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return documents.TryGetValue(citation.DocumentId, out var document) ? document.IngestedAt : DateTimeOffset.MinValue;
    }

    private static Digest Empty(string topic, DigestWindow window, int newDocuments, int repeats) =>
        new(topic, window, new Brief(topic, [], true, []), newDocuments, repeats, []);
}
