using System.Text.Json;
using System.Text.Json.Serialization;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Cli.Eval;

/// <summary>
/// Keeps each evaluation question's retrieved chunks in a kept work folder, so repeated training runs skip retrieval.
/// Only used with <c>--work-dir</c>. The file records the build of the knowledge core that retrieved it
/// (<see cref="CoreBuild"/>): another build's evidence is not read (its chunks may be cut or scored otherwise).
/// </summary>
internal static class EvidenceCache
{
    public static Dictionary<string, IReadOnlyList<RetrievedChunk>>? Read(string? path, int chunksPerAnswer)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize(stream, EvidenceCacheJson.Default.EvidenceFile);
        if (file is null || file.ChunksPerAnswer != chunksPerAnswer || file.Build != CoreBuild.Id)
        {
            return null;
        }

        return file.Questions.ToDictionary(
            q => q.Key,
            q => (IReadOnlyList<RetrievedChunk>)[.. q.Chunks.Select(c => new RetrievedChunk(new DocumentId(c.DocumentId), c.Title, c.Source, c.PublishedAt, c.ChunkIndex, c.Start, c.End, c.Text, c.Score, c.KeywordScore, c.DenseScore))],
            StringComparer.Ordinal);
    }

    public static void Write(string? path, int chunksPerAnswer, IReadOnlyDictionary<string, IReadOnlyList<RetrievedChunk>> evidence)
    {
        if (path is null)
        {
            return;
        }

        var file = new EvidenceFile(chunksPerAnswer, CoreBuild.Id, [.. evidence.Select(e => new EvidenceQuestion(e.Key, [.. e.Value.Select(c => new EvidenceChunk(c.DocumentId.Value, c.Title, c.Source, c.PublishedAt, c.ChunkIndex, c.Start, c.End, c.Text, c.Score, c.KeywordScore, c.DenseScore))]))]);
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, file, EvidenceCacheJson.Default.EvidenceFile);
    }
}

internal sealed record EvidenceFile(int ChunksPerAnswer, string? Build, IReadOnlyList<EvidenceQuestion> Questions);

internal sealed record EvidenceQuestion(string Key, IReadOnlyList<EvidenceChunk> Chunks);

internal sealed record EvidenceChunk(string DocumentId, string Title, string Source, DateOnly? PublishedAt, int ChunkIndex, int Start, int End, string Text, double Score, double? KeywordScore, double? DenseScore);

[JsonSerializable(typeof(EvidenceFile))]
internal sealed partial class EvidenceCacheJson : JsonSerializerContext;
