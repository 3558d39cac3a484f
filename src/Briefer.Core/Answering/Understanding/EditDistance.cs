namespace Briefer.Core.Answering;

/// <summary>Whether two words are one typing slip apart.</summary>
public static class EditDistance
{
    /// <summary>
    /// Whether <paramref name="a"/> and <paramref name="b"/> differ by at most one edit: a letter added, dropped or
    /// changed, or two neighbouring letters swapped (the optimal string alignment distance is at most 1). Ordinal.
    /// </summary>
    public static bool AtMostOne(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        if (i == a.Length && i == b.Length)
        {
            return true;
        }

        if (a.Length == b.Length)
        {
            // Changed at i, or i and i+1 swapped.
            return a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1))
                || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2)));
        }

        // One letter more in the longer word at i.
        return a.Length > b.Length ? a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i)) : b.AsSpan(i + 1).SequenceEqual(a.AsSpan(i));
    }
}
