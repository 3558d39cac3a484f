using System.Security.Cryptography;
using System.Text;
using Briefer.Core.Documents;

namespace Briefer.Storage.Qdrant;

/// <summary>
/// Deterministic point ids: name-based UUIDs (RFC 9562 version 5, SHA-1) of scope, document id and chunk index, so
/// ingesting the same document again overwrites its points instead of adding copies.
/// </summary>
internal static class QdrantPointIds
{
    /// <summary>Briefer's namespace for version-5 ids. Never change it: every stored point id derives from it.</summary>
    public static readonly Guid Namespace = new("5b0f7a4e-3c1d-4e8b-9a62-1f0d2c7b8e95");

    /// <summary>The id of one chunk's point.</summary>
    public static Guid Chunk(ScopeId scope, DocumentId document, int chunkIndex) =>
        V5(Namespace, $"{scope.Value}/{document.Value}/{chunkIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>The id of the document's marker point, which holds the document record (no vectors).</summary>
    public static Guid Document(ScopeId scope, DocumentId document) => V5(Namespace, $"{scope.Value}/{document.Value}/document");

    /// <summary>A version-5 UUID of <paramref name="name"/> (UTF-8) in <paramref name="namespaceId"/>.</summary>
    public static Guid V5(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);

        // SHA-1 is what version 5 is defined with; it names points here, it protects nothing.
#pragma warning disable CA5350
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
