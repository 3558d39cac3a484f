using System.Text.Json;

namespace Briefer.Cli.Eval.Docs;

/// <summary>One citation of a reply, as <c>ask --json</c> prints it (the fields scoring uses).</summary>
internal sealed record DocsQaCitation(int N, string Source, string Quote);

/// <summary>The fields of an <c>ask --json</c> reply that scoring uses: <c>answer</c>, <c>abstained</c>, <c>citations[]</c>.</summary>
internal sealed record DocsQaReply(string Answer, bool Abstained, string? AbstainReason, IReadOnlyList<DocsQaCitation> Citations)
{
    /// <summary>Reads a reply from the text <c>ask --json</c> printed; null when it is not a reply (not JSON, an error, a field missing).</summary>
    public static DocsQaReply? TryParse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("answer", out var answer) || answer.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("abstained", out var abstained) || abstained.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
                || !root.TryGetProperty("citations", out var citations) || citations.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var list = new List<DocsQaCitation>();
            foreach (var c in citations.EnumerateArray())
            {
                if (!c.TryGetProperty("n", out var n) || !n.TryGetInt32(out var number)
                    || !c.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String
                    || !c.TryGetProperty("quote", out var quote) || quote.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                list.Add(new DocsQaCitation(number, source.GetString()!, quote.GetString()!));
            }

            var reason = root.TryGetProperty("abstainReason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return new DocsQaReply(answer.GetString()!, abstained.GetBoolean(), reason, list);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
