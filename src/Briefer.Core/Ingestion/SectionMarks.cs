using System.Text;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Keeps heading positions through normalisation: an extractor writes <see cref="Mark"/> where a section starts and
/// remembers its label; <see cref="Resolve"/> normalises the text, removes the marks and returns each section's offset
/// in the normalised text. (A private-use character survives <see cref="TextNormalizer"/> unchanged; any such
/// character in the document itself is removed by <see cref="Clean"/> before it could be mistaken for a mark.)
/// </summary>
internal sealed class SectionMarks
{
    public const char Mark = '\uE000';

    /// <summary>The separator of a heading path: "Budget › Transport".</summary>
    public const string PathSeparator = " › ";

    private const int MaxLabelLength = 120;

    private readonly List<string> _labels = [];
    private readonly List<(int Level, string Text)> _path = [];

    /// <summary>Text from the document, without characters that would read as marks.</summary>
    public static string Clean(string text) => text.Contains(Mark, StringComparison.Ordinal) ? text.Replace(Mark, '\uFFFD') : text;

    /// <summary>Starts a section at the end of <paramref name="builder"/> for a heading of <paramref name="level"/> (1 = top).</summary>
    public void StartHeading(StringBuilder builder, int level, string heading)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var text = TextNormalizer.Normalize(heading).Replace('\n', ' ');
        if (text.Length == 0)
        {
            return;
        }

        if (text.Length > 60)
        {
            text = string.Concat(text.AsSpan(0, 59).TrimEnd(), "…");
        }

        _path.RemoveAll(p => p.Level >= level);
        _path.Add((level, text));
        var label = string.Join(PathSeparator, _path.Select(p => p.Text));
        if (label.Length > MaxLabelLength)
        {
            // The deepest headings say most about where a passage is.
            label = "…" + label[^(MaxLabelLength - 1)..];
        }

        _labels.Add(label);
        builder.Append(Mark);
    }

    /// <summary>Normalises <paramref name="raw"/> and returns it without marks, with the sections they stood for.</summary>
    public (string Text, IReadOnlyList<DocumentSection> Sections) Resolve(string raw)
    {
        var normalized = TextNormalizer.Normalize(raw);
        if (_labels.Count == 0 || !normalized.Contains(Mark, StringComparison.Ordinal))
        {
            return (normalized.Replace(Mark.ToString(), string.Empty, StringComparison.Ordinal), []);
        }

        var text = new StringBuilder(normalized.Length);
        var sections = new List<DocumentSection>(_labels.Count);
        var next = 0;
        foreach (var c in normalized)
        {
            if (c != Mark)
            {
                text.Append(c);
                continue;
            }

            if (next < _labels.Count)
            {
                var start = text.Length;
                var label = _labels[next++];
                if (sections.Count > 0 && sections[^1].Start == start)
                {
                    sections[^1] = new DocumentSection(start, label);
                }
                else
                {
                    sections.Add(new DocumentSection(start, label));
                }
            }
        }

        // Removing a mark between a space and a line break (or two spaces) can leave what normalisation would remove.
        var result = text.ToString();
        return TextNormalizer.Normalize(result) == result ? (result, sections) : (TextNormalizer.Normalize(result), []);
    }
}

/// <summary>The location a citation shows for a span of a document: its page(s), or the heading it falls under.</summary>
public static class SectionLocator
{
    /// <summary>
    /// "p. 3", "pp. 3–4", a heading path, or null when the document has no sections there. A heading path that starts
    /// with the document's <paramref name="title"/> (its top heading) loses that part: citations show the title already.
    /// </summary>
    public static string? Locate(IReadOnlyList<DocumentSection> sections, int start, int end, string? title = null)
    {
        var location = LocateCore(sections, start, end);
        if (location is null || string.IsNullOrEmpty(title) || LooksLikePage(location))
        {
            return location;
        }

        if (string.Equals(location, title, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var prefix = title + SectionMarks.PathSeparator;
        return location.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? location[prefix.Length..] : location;
    }

    private static bool LooksLikePage(string location) => location.StartsWith("p. ", StringComparison.Ordinal) || location.StartsWith("pp. ", StringComparison.Ordinal);

    private static string? LocateCore(IReadOnlyList<DocumentSection> sections, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var first = Find(sections, start);
        if (first is null)
        {
            return null;
        }

        if (first.Page is { } page)
        {
            var last = Find(sections, Math.Max(start, end - 1));
            return last?.Page is { } lastPage && lastPage != page ? $"pp. {page}–{lastPage}" : $"p. {page}";
        }

        return first.Label;
    }

    private static DocumentSection? Find(IReadOnlyList<DocumentSection> sections, int offset)
    {
        DocumentSection? found = null;
        foreach (var section in sections)
        {
            if (section.Start > offset)
            {
                break;
            }

            found = section;
        }

        return found;
    }
}
