using System.ComponentModel.DataAnnotations;
using Briefer.Core.Storage;
using Microsoft.Extensions.Options;

namespace Briefer.Storage.Qdrant;

/// <summary>
/// Checks <see cref="QdrantStoreOptions"/> when Qdrant is the configured store, with messages that name the setting.
/// Skipped otherwise, so an unused Qdrant section never stops an embedded-store start.
/// </summary>
internal sealed class QdrantStoreOptionsValidator(IOptions<StoreOptions> store) : IValidateOptions<QdrantStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, QdrantStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!store.Value.Uses(QdrantSetup.Provider))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        var context = new ValidationContext(options);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, context, results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"Store:Qdrant:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"));
        }

        if (options.Url is null || !options.Url.IsAbsoluteUri || (options.Url.Scheme != Uri.UriSchemeHttp && options.Url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"Store:Qdrant:Url (or {QdrantStoreOptions.UrlVariable}) must be an http:// or https:// URL of Qdrant's gRPC port, e.g. http://localhost:6334.");
        }
        else if (options.Url.Port == 6333)
        {
            failures.Add($"Store:Qdrant:Url (or {QdrantStoreOptions.UrlVariable}) names port 6333, Qdrant's REST port; Briefer speaks gRPC, usually on port 6334.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
