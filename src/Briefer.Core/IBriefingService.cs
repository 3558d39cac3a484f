using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;

namespace Briefer.Core;

/// <summary>
/// The verbs of Briefer, as the CLI and the Discord bot use them. Every call is confined to one scope.
/// Errors meant for the user are <see cref="DocumentRejectedException"/> and <see cref="ArgumentException"/>; their messages say what to do.
/// </summary>
public interface IBriefingService
{
    /// <summary>Extracts, chunks, embeds and stores one document; re-ingesting unchanged content changes nothing.</summary>
    Task<IngestResult> IngestAsync(ScopeId scope, DocumentSource source, CancellationToken cancellationToken);

    /// <summary>Answers a question from the scope's documents visible to everyone, or abstains.</summary>
    Task<Answer> AskAsync(ScopeId scope, string question, CancellationToken cancellationToken) =>
        AskAsync(scope, question, ReaderAudience.EveryoneOnly, cancellationToken);

    /// <summary>
    /// Answers a question from the scope's documents that <paramref name="audience"/> — whoever will read the answer —
    /// may read, or abstains; a document the audience may not read neither answers nor shapes the abstention. The
    /// answer is all a front end shows: citations of vanished web pages are marked <see cref="Citation.Stale"/>; an
    /// abstention carries <see cref="Answer.DocumentsInScope"/>, and says so when the scope is empty.
    /// </summary>
    Task<Answer> AskAsync(ScopeId scope, string question, ReaderAudience audience, CancellationToken cancellationToken);

    /// <summary>
    /// Answers a follow-up in its conversation: the documents the previous answer cited are read first, so an
    /// elliptical question ("and on what day did it begin?") is judged with the passages it continues from; when they do
    /// not answer it, the whole scope is. Only documents <paramref name="audience"/> may read are used.
    /// </summary>
    Task<Answer> AskAsync(ScopeId scope, string question, AnswerContext context, ReaderAudience audience, CancellationToken cancellationToken) =>
        AskAsync(scope, question, audience, cancellationToken);

    /// <summary>Summarises what the scope's documents visible to everyone say about a topic, optionally only documents published since a date.</summary>
    Task<Brief> BriefAsync(ScopeId scope, string topic, DateOnly? since, CancellationToken cancellationToken) =>
        BriefAsync(scope, topic, since, ReaderAudience.EveryoneOnly, cancellationToken);

    /// <summary>
    /// Summarises what the scope's documents <paramref name="audience"/> may read say about a topic; staleness and the
    /// abstention's document count as for <c>AskAsync</c>.
    /// </summary>
    Task<Brief> BriefAsync(ScopeId scope, string topic, DateOnly? since, ReaderAudience audience, CancellationToken cancellationToken);

    Task<IReadOnlyList<DocumentRecord>> ListSourcesAsync(ScopeId scope, CancellationToken cancellationToken);

    /// <summary>Removes a document; false when the scope has no such document.</summary>
    Task<bool> ForgetAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken);
}
