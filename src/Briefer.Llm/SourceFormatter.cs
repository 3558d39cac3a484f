using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Briefer.Core.Retrieval;

namespace Briefer.Llm;

/// <summary>
/// Renders retrieved chunks as the numbered, delimited source blocks the prompts receive in <c>{{$sources}}</c>
/// (format documented in <c>prompts/README.md</c>).
/// </summary>
internal static partial class SourceFormatter
{
    public static string Format(IReadOnlyList<RetrievedChunk> sources)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < sources.Count; i++)
        {
            var chunk = sources[i];
            var date = chunk.PublishedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown";
            builder.Append(CultureInfo.InvariantCulture, $"<source n=\"{i + 1}\">\n");
            builder.Append("title: ").Append(Neutralize(OneLine(chunk.Title))).Append('\n');
            builder.Append("date: ").Append(date).Append('\n');
            builder.Append("text:\n").Append(Neutralize(chunk.Text.Trim())).Append('\n');
            builder.Append("</source>\n");
        }

        return builder.ToString().TrimEnd('\n');
    }

    /// <summary>A document cannot close its own block early and pose as the prompt: its source tags are defused.</summary>
    private static string Neutralize(string text) => SourceTag().Replace(text, "[source");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    [GeneratedRegex(@"<\s*/?\s*source\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SourceTag();
}
