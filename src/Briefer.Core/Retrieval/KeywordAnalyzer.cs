using System.Text;
using Briefer.Core.Documents;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Briefer.Core.Retrieval;

/// <summary>
/// Turns text into the terms BM25 scores: Lucene's English analyzer (standard tokenizer, possessives, lowercase,
/// English stop words, Porter stemmer) — the analyzer behind BEIR's Elasticsearch BM25 baseline.
/// Every store indexes and queries through this one analyzer, so keyword search behaves the same on SQLite and Qdrant.
/// </summary>
/// <remarks>
/// Terms are reduced to letters and digits (anything else becomes '_'), so a store's own tokenizer (FTS5 unicode61
/// with '_' as a token character) keeps each term whole.
/// </remarks>
public static class KeywordAnalyzer
{
    // Lucene analyzers are not thread-safe for concurrent token streams; one per thread is cheap.
    private static readonly ThreadLocal<Analyzer> Analyzer = new(() => new EnglishAnalyzer(LuceneVersion.LUCENE_48));

    /// <summary>
    /// What BM25 indexes for a chunk, in every store: the document title and the chunk text. The title names the subject
    /// that chunk sentences often only refer to ("he", "the decision"), and BEIR-style corpora put key terms there.
    /// </summary>
    public static string KeywordText(string title, string chunkText) => title + "\n" + chunkText;

    /// <summary>
    /// What BM25 indexes for a chunk under headings: the title, the heading path where the chunk starts (without a first
    /// step that repeats the title), then the chunk, so a passage under "### cache.maxSize" is found by that name even
    /// when its text never says it. Every store indexes this same text.
    /// </summary>
    public static string KeywordText(string title, string? headingPath, string chunkText)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (string.IsNullOrEmpty(headingPath))
        {
            return KeywordText(title, chunkText);
        }

        var prefix = title + TextBlock.PathSeparator;
        var path = headingPath.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? headingPath[prefix.Length..]
            : string.Equals(headingPath, title, StringComparison.OrdinalIgnoreCase) ? string.Empty
            : headingPath;
        return path.Length == 0 ? KeywordText(title, chunkText) : title + "\n" + path + "\n" + chunkText;
    }

    /// <summary>The terms of <paramref name="text"/>, in order, repeats kept (term frequency matters to BM25).</summary>
    public static IReadOnlyList<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        if (text.Length == 0)
        {
            return terms;
        }

        using var stream = Analyzer.Value!.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(Sanitize(term.Buffer.AsSpan(0, term.Length)));
        }

        stream.End();
        return terms;
    }

    /// <summary>The distinct terms of a query, in first-seen order.</summary>
    public static IReadOnlyList<string> AnalyzeQuery(string text) => Analyze(text).Distinct(StringComparer.Ordinal).ToList();

    private static string Sanitize(ReadOnlySpan<char> term)
    {
        var builder = new StringBuilder(term.Length);
        foreach (var c in term)
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }
}
