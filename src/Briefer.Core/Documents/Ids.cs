using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Briefer.Core.Documents;

/// <summary>
/// The scope a document belongs to: a Discord guild id, or <c>local</c> for the command line.
/// Retrieval never crosses scopes.
/// </summary>
public readonly partial record struct ScopeId
{
    /// <summary>The default scope of the command line.</summary>
    public static readonly ScopeId Local = new("local");

    public ScopeId(string value)
    {
        if (!TryValidate(value, out var error))
        {
            throw new ArgumentException(error, nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    /// <summary>Parses user input, returning a message that says what is wrong when it is not a valid scope.</summary>
    public static bool TryParse(string? value, out ScopeId scope, out string? error)
    {
        scope = default;
        if (!TryValidate(value, out error))
        {
            return false;
        }

        scope = new ScopeId(value!);
        return true;
    }

    /// <summary>The scope of a Discord guild.</summary>
    public static ScopeId ForGuild(ulong guildId) => new(guildId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => Value ?? string.Empty;

    private static bool TryValidate(string? value, out string? error)
    {
        if (string.IsNullOrWhiteSpace(value) || !ScopePattern().IsMatch(value))
        {
            error = $"'{value}' is not a valid scope: use 1-64 letters, digits, '.', '_' or '-' (a Discord guild id, or 'local').";
            return false;
        }

        error = null;
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ScopePattern();
}

/// <summary>
/// A document's id: stable, derived from its scope and source, so re-ingesting the same source updates
/// the same document instead of adding a second one.
/// </summary>
public readonly partial record struct DocumentId
{
    private const int Length = 16;

    public DocumentId(string value)
    {
        if (string.IsNullOrEmpty(value) || !IdPattern().IsMatch(value))
        {
            throw new ArgumentException($"'{value}' is not a document id (16 lowercase hex characters).", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    /// <summary>The id of the document loaded from <paramref name="source"/> into <paramref name="scope"/>.</summary>
    public static DocumentId For(ScopeId scope, string source)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(scope.Value + "\n" + source));
        return new DocumentId(Convert.ToHexStringLower(bytes)[..Length]);
    }

    public static bool TryParse(string? value, out DocumentId id)
    {
        id = default;
        var trimmed = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed) || !IdPattern().IsMatch(trimmed))
        {
            return false;
        }

        id = new DocumentId(trimmed);
        return true;
    }

    public override string ToString() => Value ?? string.Empty;

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex IdPattern();
}
