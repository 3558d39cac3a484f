using System.Text.Json;

namespace Briefer.Cli.Eval;

/// <summary>One document of a BEIR corpus (<c>corpus.jsonl</c>).</summary>
internal sealed record BeirDocument(string Id, string Title, string Text);

/// <summary>One query of a BEIR query file.</summary>
internal sealed record BeirQuery(string Id, string Text);

/// <summary>
/// A retrieval test set in the BEIR layout: <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>), a query file
/// (<c>_id</c>, <c>text</c>) and a qrels file (<c>query-id TAB corpus-id TAB score</c>, with a header line).
/// Only queries that have at least one judgement with a positive score are kept, as in BEIR.
/// </summary>
internal sealed class BeirDataset
{
    private BeirDataset(IReadOnlyList<BeirDocument> corpus, IReadOnlyList<BeirQuery> queries, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> judgements)
    {
        Corpus = corpus;
        Queries = queries;
        Judgements = judgements;
    }

    public IReadOnlyList<BeirDocument> Corpus { get; }

    /// <summary>The queries that have relevant documents, in file order.</summary>
    public IReadOnlyList<BeirQuery> Queries { get; }

    /// <summary>Query id → (document id → graded relevance &gt; 0).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Judgements { get; }

    /// <summary>
    /// Loads <paramref name="folder"/>. <paramref name="queriesFile"/> and <paramref name="qrelsFile"/> are relative to the
    /// folder (or absolute); the defaults are the test split, <c>queries.jsonl</c> and <c>qrels.tsv</c>.
    /// </summary>
    public static BeirDataset Load(string folder, string? queriesFile = null, string? qrelsFile = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"The dataset folder '{folder}' does not exist. Pass a BEIR folder (corpus.jsonl, queries.jsonl, qrels.tsv) with --dataset.");
        }

        var corpus = ReadJsonLines(Resolve(folder, "corpus.jsonl"), e => new BeirDocument(
            Text(e, "_id"),
            e.TryGetProperty("title", out var title) ? title.GetString() ?? string.Empty : string.Empty,
            Text(e, "text")));
        var queries = ReadJsonLines(Resolve(folder, queriesFile ?? "queries.jsonl"), e => new BeirQuery(Text(e, "_id"), Text(e, "text")));
        var judgements = ReadQrels(Resolve(folder, qrelsFile ?? "qrels.tsv"));
        var known = corpus.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var missing = judgements.Values.SelectMany(j => j.Keys).FirstOrDefault(id => !known.Contains(id));
        if (missing is not null)
        {
            throw new ArgumentException($"The qrels name document '{missing}', which is not in corpus.jsonl: the qrels and the corpus do not belong together.");
        }

        return new BeirDataset(corpus, [.. queries.Where(q => judgements.ContainsKey(q.Id))], judgements);
    }

    /// <summary>A subset: the given queries and documents only (judgements of other documents are dropped).</summary>
    public BeirDataset Slice(IEnumerable<string> queryIds, IEnumerable<string> documentIds)
    {
        var documents = documentIds.ToHashSet(StringComparer.Ordinal);
        var wanted = queryIds.ToHashSet(StringComparer.Ordinal);
        var judgements = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (query, relevant) in Judgements)
        {
            var kept = relevant.Where(r => documents.Contains(r.Key)).ToDictionary(StringComparer.Ordinal);
            if (wanted.Contains(query) && kept.Count > 0)
            {
                judgements[query] = kept;
            }
        }

        return new BeirDataset(
            [.. Corpus.Where(d => documents.Contains(d.Id))],
            [.. Queries.Where(q => judgements.ContainsKey(q.Id))],
            judgements);
    }

    private static string Resolve(string folder, string file)
    {
        var path = Path.IsPathRooted(file) ? file : Path.Combine(folder, file);
        return File.Exists(path) ? path : throw new ArgumentException($"'{path}' does not exist: a BEIR folder holds corpus.jsonl, queries.jsonl and qrels.tsv.");
    }

    private static List<T> ReadJsonLines<T>(string path, Func<JsonElement, T> read)
    {
        var items = new List<T>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                items.Add(read(document.RootElement));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new ArgumentException($"{path}, line {number}: not a BEIR record ({ex.Message}).", ex);
            }
        }

        return items;
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : element.GetProperty(name).GetRawText();

    private static Dictionary<string, IReadOnlyDictionary<string, int>> ReadQrels(string path)
    {
        var judgements = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var fields = line.Split('\t');
            if (fields.Length < 3 || !int.TryParse(fields[2], System.Globalization.CultureInfo.InvariantCulture, out var score))
            {
                if (number == 1 || string.IsNullOrWhiteSpace(line))
                {
                    continue; // header or blank line
                }

                throw new ArgumentException($"{path}, line {number}: expected 'query-id<TAB>corpus-id<TAB>score'.");
            }

            if (score <= 0)
            {
                continue;
            }

            if (!judgements.TryGetValue(fields[0], out var relevant))
            {
                judgements[fields[0]] = relevant = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            relevant[fields[1]] = score;
        }

        return judgements.ToDictionary(j => j.Key, j => (IReadOnlyDictionary<string, int>)j.Value, StringComparer.Ordinal);
    }
}
