using System.Numerics.Tensors;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>A question run through the embedding model: its query embedding and its content words' token states.</summary>
/// <param name="Content">Rows of <paramref name="States"/> that belong to the question's content words.</param>
/// <param name="Names">Rows that belong to its names.</param>
public sealed record QuestionEncoding(TokenStates States, IReadOnlyList<int> Content, IReadOnlyList<int> Names);

/// <summary>
/// Semantic relevance of a sentence to a question from the bundled embedding model: the sentence embedding's cosine
/// with the query embedding, and token-level alignment (each content word of the question matched to its most similar
/// token of the sentence, so "detained" can meet "held" where words differ).
/// </summary>
public static class TokenAlignment
{
    /// <summary>The names of <see cref="Features"/>' values, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sent_cos", "align_mean", "align_min", "align_names", "align_unmatched"];

    /// <summary>
    /// The question's token states (with the model's query prefix; the run retrieval already made for it when
    /// <paramref name="queries"/> still holds it), its content and name tokens picked out.
    /// </summary>
    public static async Task<QuestionEncoding> EncodeQuestionAsync(QueryEncodings queries, BertUncasedTokenizer tokenizer, QuestionAnalysis question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(question);
        var states = await queries.EncodeAsync(question.Question, cancellationToken).ConfigureAwait(false);
        var prefixTokens = tokenizer.Encode(ArcticEmbeddingGenerator.ModelInfo.QueryPrefix).Length - 2;
        var tokens = tokenizer.IdsToTokens(states.Ids);
        var nameWords = question.Of(ConstraintKind.Name).SelectMany(n => n.Text.Split(' ')).Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var content = new List<int>();
        var names = new List<int>();

        // Rebuild words from WordPiece pieces ("##" continues a word), then classify each word.
        var start = 1 + prefixTokens;
        var i = start;
        while (i < tokens.Count - 1)
        {
            var end = i + 1;
            while (end < tokens.Count - 1 && tokens[end].StartsWith("##", StringComparison.Ordinal))
            {
                end++;
            }

            var word = string.Concat(tokens.Skip(i).Take(end - i).Select(t => t.TrimStart('#')));
            var terms = AnswerTerms.Analyze(word);
            if (terms.Count > 0 && !terms.All(QuestionAnalyzer.QuestionTerms.Contains))
            {
                content.AddRange(Enumerable.Range(i, end - i));
                if (nameWords.Contains(word))
                {
                    names.AddRange(Enumerable.Range(i, end - i));
                }
            }

            i = end;
        }

        return new QuestionEncoding(states, content, names);
    }

    /// <summary>The semantic features of a sentence (see <see cref="Names"/>); <paramref name="matchedTokens"/> marks question rows matched word for word.</summary>
    public static float[] Features(QuestionEncoding question, TokenStates sentence, IReadOnlySet<int>? matchedTokens = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(sentence);
        var cosine = TensorPrimitives.Dot(question.States.Embedding, sentence.Embedding);
        var best = new Dictionary<int, float>();
        foreach (var row in question.Content)
        {
            best[row] = BestMatch(question.States.Row(row), sentence);
        }

        var values = best.Values.ToList();
        var unmatched = best.Where(b => matchedTokens is null || !matchedTokens.Contains(b.Key)).Select(b => b.Value).ToList();
        return
        [
            cosine,
            values.Count == 0 ? 0 : values.Average(),
            values.Count == 0 ? 0 : values.Min(),
            question.Names.Count == 0 ? 1 : question.Names.Min(r => best.GetValueOrDefault(r, 0)),
            unmatched.Count == 0 ? 1 : unmatched.Average(),
        ];
    }

    private static float BestMatch(ReadOnlySpan<float> token, TokenStates sentence)
    {
        var best = -1f;
        for (var row = 1; row < sentence.Ids.Length - 1; row++)
        {
            best = Math.Max(best, TensorPrimitives.Dot(token, sentence.Row(row)));
        }

        return best;
    }
}
