using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Cli.Eval;

/// <summary>One SQuAD 2.0 question: its article, its paragraph, and its gold answers (none when it cannot be answered).</summary>
internal sealed record SquadQuestion(string Id, string Text, int Article, string Paragraph, IReadOnlyList<string> Answers, bool Impossible);

/// <summary>One article: a title and its paragraphs.</summary>
internal sealed record SquadArticle(string Title, IReadOnlyList<string> Paragraphs)
{
    /// <summary>The title as a reader would write it ("Fresno, California" for "Fresno,_California").</summary>
    public string DisplayTitle => Title.Replace('_', ' ');

    /// <summary>The document Briefer ingests: the title line, then the paragraphs, a blank line between them.</summary>
    public string DocumentText => DisplayTitle + "\n\n" + string.Join("\n\n", Paragraphs);

    /// <summary>The source name the article is ingested under.</summary>
    public string Source => "squad:" + Title;
}

/// <summary>A SQuAD 2.0 file in the dataset's own JSON shape (see <c>../shared/eval/squad2/README.md</c>).</summary>
internal sealed record SquadDataset(IReadOnlyList<SquadArticle> Articles, IReadOnlyList<SquadQuestion> Questions)
{
    public static SquadDataset Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The SQuAD file '{path}' does not exist. Pass the dataset's JSON with --dataset (e.g. ../shared/eval/squad2/dev-v2.0-tune.json).");
        }

        SquadFileJson? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize(stream, SquadJsonContext.Default.SquadFileJson);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{path} is not SQuAD JSON (unexpected value at {ex.Path ?? "the start"}, line {(ex.LineNumber ?? 0) + 1}). Expected {{\"data\": [{{\"title\", \"paragraphs\": [{{\"context\", \"qas\"}}]}}]}}.", ex);
        }

        if (file?.Data is not { Count: > 0 } data)
        {
            throw new ArgumentException($"{path} holds no articles (\"data\" is empty).");
        }

        var articles = new List<SquadArticle>();
        var questions = new List<SquadQuestion>();
        foreach (var article in data)
        {
            var paragraphs = (article.Paragraphs ?? []).Where(p => !string.IsNullOrWhiteSpace(p.Context)).ToList();
            foreach (var paragraph in paragraphs)
            {
                foreach (var qa in paragraph.Qas ?? [])
                {
                    var answers = (qa.Answers ?? []).Select(a => a.Text).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.Ordinal).ToList();
                    questions.Add(new SquadQuestion(qa.Id ?? string.Empty, qa.Question ?? string.Empty, articles.Count, paragraph.Context!, answers!, qa.IsImpossible || answers.Count == 0));
                }
            }

            articles.Add(new SquadArticle(article.Title ?? $"article {articles.Count + 1}", [.. paragraphs.Select(p => p.Context!.Trim())]));
        }

        return new SquadDataset(articles, [.. questions.Where(q => q.Text.Trim().Length > 0)]);
    }
}

internal sealed record SquadFileJson([property: JsonPropertyName("data")] IReadOnlyList<SquadArticleJson>? Data);

internal sealed record SquadArticleJson(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("paragraphs")] IReadOnlyList<SquadParagraphJson>? Paragraphs);

internal sealed record SquadParagraphJson(
    [property: JsonPropertyName("context")] string? Context,
    [property: JsonPropertyName("qas")] IReadOnlyList<SquadQaJson>? Qas);

internal sealed record SquadQaJson(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("question")] string? Question,
    [property: JsonPropertyName("answers")] IReadOnlyList<SquadAnswerJson>? Answers,
    [property: JsonPropertyName("is_impossible")] bool IsImpossible);

/// <summary>A gold answer: the file has plain strings; the official dev set has {"text", "answer_start"} objects. Both are read.</summary>
[JsonConverter(typeof(SquadAnswerConverter))]
internal sealed record SquadAnswerJson(string? Text);

internal sealed class SquadAnswerConverter : JsonConverter<SquadAnswerJson>
{
    public override SquadAnswerJson? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new SquadAnswerJson(reader.GetString());
        }

        using var document = JsonDocument.ParseValue(ref reader);
        return new SquadAnswerJson(document.RootElement.TryGetProperty("text", out var text) ? text.GetString() : null);
    }

    public override void Write(Utf8JsonWriter writer, SquadAnswerJson value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value?.Text);
    }
}

[JsonSerializable(typeof(SquadFileJson))]
internal sealed partial class SquadJsonContext : JsonSerializerContext;
