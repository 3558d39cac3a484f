using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>A numbered source of an answer or brief.</summary>
/// <param name="N">The number the text's <c>[n]</c> markers refer to, from 1.</param>
/// <param name="Quote">The exact text from the document that supports the claim (verifiable: a slice of the document's text).</param>
/// <param name="Location">Where in the document the quote is: a page ("p. 3") or the heading path of the quote's own start; null when unknown.</param>
/// <param name="Stale">The document is a web page that was gone (404/410) at its last sync; set by <see cref="BriefingService"/>.</param>
public sealed record Citation(int N, DocumentId DocumentId, string Title, string Source, string Quote, DateOnly? PublishedAt, string? Location = null, bool Stale = false)
{
    /// <summary>What the quote is: prose (<see cref="BlockKind.Paragraph"/>), a list item, a table row, a key–value line or code.</summary>
    public BlockKind Kind { get; init; } = BlockKind.Paragraph;

    /// <summary>For a table row, its header cells joined with <c> | </c>; for code, its language; else null. Shown with the quote, never part of it.</summary>
    public string? Context { get; init; }

    /// <summary>
    /// For code quoted with the sentence introducing it ("Start the daemon with this command:"), where the code starts in
    /// <see cref="Quote"/>: the sentence is shown as text, the code as a code block (<see cref="QuoteDisplay"/>); else 0.
    /// </summary>
    public int CodeStart { get; init; }
}

/// <summary>How an answer was written.</summary>
public enum AnswerMode
{
    Extractive,
    Llm,
}

/// <summary>An answer to a question, every claim cited; or an abstention, citing nothing.</summary>
/// <param name="Note">A short remark for the user, e.g. why a model answer fell back to extractive; null when none.</param>
/// <param name="AbstainReason">Why Briefer abstained ("no source mentions \"Sacramento\""); null when it answered.</param>
/// <param name="DocumentsInScope">
/// How many documents the scope held when Briefer abstained (0: nothing is loaded), so no front end has to ask the
/// store again; null when it answered, or when no <see cref="BriefingService"/> counted.
/// </param>
public sealed record Answer(
    string Question,
    string Text,
    bool Abstained,
    IReadOnlyList<Citation> Citations,
    AnswerMode Mode = AnswerMode.Extractive,
    string? Note = null,
    string? AbstainReason = null,
    int? DocumentsInScope = null)
{
    /// <summary>
    /// The answerability model's probability that the best sentence answers the question (the figure the answer threshold
    /// is compared with); null when no model decided (no evidence, a test double). Stricter front ends (automatic answers)
    /// compare it with a threshold of their own.
    /// </summary>
    public double? Answerability { get; init; }

    /// <summary>
    /// The estimated probability that this answer is right, its first cited unit holding the answer (the answer model's
    /// calibrated confidence, <see cref="AnswerCalibration"/>): what automatic answers compare with
    /// <c>AutoAnswer:MinConfidence</c>. It changes nothing in what Briefer answers or abstains on; null when no model decided.
    /// </summary>
    public double? Confidence { get; init; }
}

/// <summary>One bullet of a brief and the citation numbers it rests on.</summary>
public sealed record BriefBullet(string Text, IReadOnlyList<int> Citations);

/// <summary>A brief: 3-7 cited bullets on a topic, newest information first when dated.</summary>
/// <param name="DocumentsInScope">As <see cref="Answer.DocumentsInScope"/>: counted when Briefer abstained.</param>
public sealed record Brief(
    string Topic,
    IReadOnlyList<BriefBullet> Bullets,
    bool Abstained,
    IReadOnlyList<Citation> Citations,
    AnswerMode Mode = AnswerMode.Extractive,
    string? Note = null,
    int? DocumentsInScope = null);

/// <summary>Writes answers and briefs from retrieved chunks only.</summary>
public interface IAnswerComposer
{
    Task<Answer> ComposeAnswerAsync(string question, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken);

    Task<Brief> ComposeBriefAsync(string topic, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken);
}

/// <summary>What an answer in a conversation knows of it: the documents the previous answers cited, most recent first.</summary>
public sealed record AnswerContext(IReadOnlyList<DocumentId> PreviousDocuments)
{
    /// <summary>The context of a conversation's earlier turns (their cited documents, the latest turn's first).</summary>
    public static AnswerContext From(IEnumerable<IReadOnlyList<Citation>> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        return new AnswerContext([.. turns.Reverse().SelectMany(c => c.Select(x => x.DocumentId)).Distinct()]);
    }
}
