namespace Briefer.Core.Answering;

/// <summary>A word of a text as written (case kept, surrounding punctuation removed), with where it starts.</summary>
public readonly record struct TextWord(string Text, int Start)
{
    /// <summary>Whether the word starts with a capital letter.</summary>
    public bool IsCapitalised => Text.Length > 0 && char.IsUpper(Text[0]);
}

/// <summary>Splits text into words for question understanding and answer-type evidence (not for BM25).</summary>
public static class TextWords
{
    /// <summary>The words of <paramref name="text"/>: whitespace-separated, with leading and trailing punctuation trimmed.</summary>
    public static IReadOnlyList<TextWord> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<TextWord>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] is '—' or '–'))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('—' or '–'))
            {
                i++;
            }

            var end = i;
            while (start < end && !char.IsLetterOrDigit(text[start]) && text[start] is not ('$' or '€' or '£' or '¥'))
            {
                start++;
            }

            while (end > start && !char.IsLetterOrDigit(text[end - 1]) && text[end - 1] != '%')
            {
                end--;
            }

            // A trailing possessive is not part of the word ("Fresno's" is about Fresno).
            if (end - start > 2 && text[end - 1] is 's' or 'S' && text[end - 2] is '\'' or '’')
            {
                end -= 2;
            }

            if (end > start)
            {
                words.Add(new TextWord(text[start..end], start));
            }
        }

        return words;
    }
}
