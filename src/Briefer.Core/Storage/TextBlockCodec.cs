using System.Buffers;
using System.Text;
using System.Text.Json;
using Briefer.Core.Documents;

namespace Briefer.Core.Storage;

/// <summary>
/// The compact form stores keep a chunk's <see cref="TextBlock"/>s in (a SQLite column, a Qdrant payload field): JSON
/// with each distinct heading path once, <c>{"p":["Guide","Guide › Options"],"b":[[0,5,"h",0],[6,30,"tr",1,"Option | Description"]]}</c>
/// (start, end, kind code, index of the heading path, context when there is one). Kinds are written as short codes, not
/// enum numbers, so reordering <see cref="BlockKind"/> never changes what stored data means.
/// </summary>
public static class TextBlockCodec
{
    private static readonly (BlockKind Kind, string Code)[] Codes =
    [
        (BlockKind.Paragraph, "p"),
        (BlockKind.Heading, "h"),
        (BlockKind.ListItem, "li"),
        (BlockKind.TableRow, "tr"),
        (BlockKind.Code, "code"),
        (BlockKind.KeyValue, "kv"),
        (BlockKind.Admonition, "note"),
        (BlockKind.Quote, "q"),
    ];

    /// <summary>The stored form of <paramref name="blocks"/>; null for none (nothing to store).</summary>
    public static string? Encode(IReadOnlyList<TextBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            return null;
        }

        var paths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            paths.TryAdd(block.HeadingPath, paths.Count);
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("p");
            foreach (var path in paths.Keys)
            {
                json.WriteStringValue(path);
            }

            json.WriteEndArray();
            json.WriteStartArray("b");
            foreach (var block in blocks)
            {
                json.WriteStartArray();
                json.WriteNumberValue(block.Start);
                json.WriteNumberValue(block.End);
                json.WriteStringValue(CodeOf(block.Kind));
                json.WriteNumberValue(paths[block.HeadingPath]);
                if (block.Context is not null)
                {
                    json.WriteStringValue(block.Context);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The blocks of a stored form; empty for null (chunks stored before blocks were kept) and for anything unreadable,
    /// which costs a citation its per-quote location, never the search.
    /// </summary>
    public static IReadOnlyList<TextBlock> Decode(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(stored);
            var root = document.RootElement;
            var paths = root.GetProperty("p").EnumerateArray().Select(p => p.GetString() ?? string.Empty).ToList();
            var blocks = new List<TextBlock>();
            foreach (var item in root.GetProperty("b").EnumerateArray())
            {
                var length = item.GetArrayLength();
                if (length < 4 || KindOf(item[2].GetString()) is not { } kind)
                {
                    return [];
                }

                var context = length > 4 ? item[4].GetString() : null;
                blocks.Add(new TextBlock(item[0].GetInt32(), item[1].GetInt32(), kind, paths[item[3].GetInt32()], context));
            }

            return blocks;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentOutOfRangeException or FormatException or IndexOutOfRangeException)
        {
            return [];
        }
    }

    private static string CodeOf(BlockKind kind) => Array.Find(Codes, c => c.Kind == kind).Code ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "A block kind without a stored code.");

    private static BlockKind? KindOf(string? code)
    {
        foreach (var (kind, known) in Codes)
        {
            if (known == code)
            {
                return kind;
            }
        }

        return null;
    }
}
