using System.Security.Cryptography;
using System.Text;
using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Core.Digests;

/// <summary>
/// What counts as new for a digest: documents ingested in [<see cref="IngestedSince"/>, <see cref="Until"/>), and
/// documents ingested before <see cref="Until"/> whose published date is on or after <see cref="PublishedSince"/>.
/// </summary>
/// <param name="Until">The cut-off: the instant the digest is composed. The next digest of a schedule starts here.</param>
public sealed record DigestWindow(DateTimeOffset IngestedSince, DateOnly PublishedSince, DateTimeOffset Until)
{
    /// <summary>Whether <paramref name="document"/> is new in this window.</summary>
    public bool Contains(DocumentRecord document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.IngestedAt < Until
            && (document.IngestedAt >= IngestedSince || (document.PublishedAt is { } published && published >= PublishedSince));
    }
}

/// <summary>A digest to compose.</summary>
/// <param name="PostedBullets">Keys (<see cref="DigestBullets.Key"/>) of bullets already posted for this schedule: never posted again.</param>
public sealed record DigestRequest(ScopeId Scope, string Topic, DigestWindow Window, IReadOnlySet<string> PostedBullets)
{
    /// <summary>Who will read the digest (its channel's readers); only documents they may all read are used.</summary>
    public ReaderAudience Audience { get; init; } = ReaderAudience.EveryoneOnly;
}

/// <summary>
/// A composed digest: a brief over the window's new documents, newest first, every bullet cited, without bullets
/// posted before. <see cref="IsEmpty"/> when nothing new is relevant: then nothing (or one configured line) is posted.
/// </summary>
/// <param name="NewDocuments">How many documents were new in the window (relevant to the topic or not).</param>
/// <param name="Repeats">Bullets left out because they were posted before.</param>
/// <param name="BulletKeys">The keys of <see cref="Brief"/>'s bullets, in order, to record once posted.</param>
public sealed record Digest(string Topic, DigestWindow Window, Brief Brief, int NewDocuments, int Repeats, IReadOnlyList<string> BulletKeys)
{
    public bool IsEmpty => Brief.Bullets.Count == 0;
}

/// <summary>Composes digests: what is new on a topic since a point in time.</summary>
public interface IDigestComposer
{
    /// <exception cref="ArgumentException">The topic is empty or too long (the message says what to do).</exception>
    Task<Digest> ComposeAsync(DigestRequest request, CancellationToken cancellationToken);
}

/// <summary>How digest bullets are recognised as already posted.</summary>
public static class DigestBullets
{
    /// <summary>
    /// A bullet's identity: its words, case, spacing and punctuation aside, so the same sentence from a re-ingested or
    /// syndicated copy of a document counts as posted. (Citation markers are not part of a bullet's text.)
    /// </summary>
    public static string Key(string bulletText)
    {
        ArgumentNullException.ThrowIfNull(bulletText);
        var words = new StringBuilder(bulletText.Length);
        foreach (var c in bulletText)
        {
            if (char.IsLetterOrDigit(c))
            {
                words.Append(char.ToLowerInvariant(c));
            }
            else if (words.Length > 0 && words[^1] != ' ')
            {
                words.Append(' ');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(words.ToString().Trim())))[..32];
    }
}
