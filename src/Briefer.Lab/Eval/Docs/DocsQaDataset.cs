using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Cli.Eval.Docs;

/// <summary>
/// One question of a documentation Q&amp;A set. Answerable (<see cref="Abstain"/> false): <see cref="Doc"/> is the page
/// that holds a <see cref="Gold"/> string, <see cref="AltDocs"/> other pages that state the same fact. Unanswerable:
/// <see cref="Why"/> says why the pages do not answer it.
/// </summary>
internal sealed record DocsQaQuestion(
    [property: JsonPropertyName("q")] string Q,
    [property: JsonPropertyName("doc")] string? Doc,
    [property: JsonPropertyName("gold")] IReadOnlyList<string>? Gold,
    [property: JsonPropertyName("abstain")] bool Abstain,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("alt_docs")] IReadOnlyList<string>? AltDocs,
    [property: JsonPropertyName("why")] string? Why)
{
    /// <summary>The pages whose citation counts as the right page: <see cref="Doc"/> and <see cref="AltDocs"/>.</summary>
    public IReadOnlyList<string> AllowedPages => Doc is null ? [] : [Doc, .. AltDocs ?? []];

    /// <summary>The gold strings (none for an unanswerable question).</summary>
    public IReadOnlyList<string> GoldStrings => Gold ?? [];
}

/// <summary>One page of a set: its file name (what citations are matched against) and its full path.</summary>
internal sealed record DocsQaPage(string Name, string Path);

/// <summary>
/// A documentation Q&amp;A set in the layout of <c>../shared/eval/docsqa-dev</c>: <c>docs/*</c> (the pages, the only thing
/// ingested), <c>questions.json</c> and <c>NOTICE</c>. Used by <c>eval docs</c> and by anything that trains on the sets.
/// </summary>
internal sealed record DocsQaDataset(string Folder, string Name, IReadOnlyList<DocsQaPage> Pages, IReadOnlyList<DocsQaQuestion> Questions)
{
    public const string QuestionsFile = "questions.json";

    public string DocsFolder => System.IO.Path.Combine(Folder, "docs");

    public string QuestionsPath => System.IO.Path.Combine(Folder, QuestionsFile);

    public IEnumerable<DocsQaQuestion> Answerable => Questions.Where(q => !q.Abstain);

    public IEnumerable<DocsQaQuestion> Unanswerable => Questions.Where(q => q.Abstain);

    /// <summary>Reads a set; anything missing or malformed is one <see cref="ArgumentException"/> that names the file and the question.</summary>
    public static DocsQaDataset Load(string folder)
    {
        var full = System.IO.Path.GetFullPath(folder).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        if (!Directory.Exists(full))
        {
            throw new ArgumentException($"The dataset folder '{folder}' does not exist. Pass a folder with docs/ and {QuestionsFile} (e.g. ../shared/eval/docsqa-dev).");
        }

        var docs = System.IO.Path.Combine(full, "docs");
        if (!Directory.Exists(docs))
        {
            throw new ArgumentException($"{full} has no docs/ folder: a documentation set keeps the pages to ingest in docs/.");
        }

        var pages = Directory.EnumerateFiles(docs)
            .Select(p => new DocsQaPage(System.IO.Path.GetFileName(p), p))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        if (pages.Count == 0)
        {
            throw new ArgumentException($"{docs} holds no pages.");
        }

        var questions = ReadQuestions(System.IO.Path.Combine(full, QuestionsFile), pages);
        return new DocsQaDataset(full, System.IO.Path.GetFileName(full), pages, questions);
    }

    /// <summary>
    /// Every set in the sub-folders of <paramref name="root"/> (e.g. <c>eval/docs</c>) that has a questions.json, by
    /// name: what a trainer cross-validating by project reads (<see cref="Name"/> is the project).
    /// </summary>
    public static IReadOnlyList<DocsQaDataset> LoadAll(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new ArgumentException($"The folder of documentation sets '{root}' does not exist.");
        }

        return [.. Directory.EnumerateDirectories(root)
            .Where(d => File.Exists(System.IO.Path.Combine(d, QuestionsFile)))
            .Order(StringComparer.Ordinal)
            .Select(Load)];
    }

    /// <summary>The sha256 of questions.json, lowercase hex: the freeze recorded in a set's README.</summary>
    public string QuestionsSha256()
    {
        using var stream = File.OpenRead(QuestionsPath);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The text of a page, as read for gold checks.</summary>
    public string PageText(string name) => File.ReadAllText(System.IO.Path.Combine(DocsFolder, name));

    private static List<DocsQaQuestion> ReadQuestions(string path, IReadOnlyList<DocsQaPage> pages)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{path} does not exist: a documentation set needs its questions.");
        }

        List<DocsQaQuestion?>? questions;
        try
        {
            using var stream = File.OpenRead(path);
            questions = JsonSerializer.Deserialize(stream, DocsQaJsonContext.Default.ListDocsQaQuestion);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{path} is not a JSON array of questions (line {(ex.LineNumber ?? 0) + 1}). Expected [{{\"q\", \"doc\", \"gold\", \"abstain\", \"kind\", \"alt_docs\"}}].", ex);
        }

        if (questions is not { Count: > 0 })
        {
            throw new ArgumentException($"{path} holds no questions.");
        }

        var names = pages.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            var where = $"{path}, question {i + 1}";
            var q = questions[i] ?? throw new ArgumentException($"{where} is null.");
            if (string.IsNullOrWhiteSpace(q.Q))
            {
                throw new ArgumentException($"{where} has no \"q\".");
            }

            if (string.IsNullOrWhiteSpace(q.Kind))
            {
                throw new ArgumentException($"{where} (\"{q.Q}\") has no \"kind\".");
            }

            if (q.Abstain)
            {
                continue;
            }

            if (q.Doc is null || !names.Contains(q.Doc))
            {
                throw new ArgumentException($"{where} (\"{q.Q}\"): \"doc\" {(q.Doc is null ? "is missing" : $"'{q.Doc}' is not a file in docs/")}.");
            }

            if (q.Gold is not { Count: > 0 } || q.Gold.Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException($"{where} (\"{q.Q}\") needs 1-3 non-empty \"gold\" strings.");
            }

            if (q.AltDocs?.FirstOrDefault(a => !names.Contains(a)) is { } missing)
            {
                throw new ArgumentException($"{where} (\"{q.Q}\"): \"alt_docs\" names '{missing}', which is not a file in docs/.");
            }
        }

        return [.. questions.Select(q => q!)];
    }
}

[JsonSourceGenerationOptions(AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(List<DocsQaQuestion?>))]
internal sealed partial class DocsQaJsonContext : JsonSerializerContext;
