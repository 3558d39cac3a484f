using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Briefer.Testing;
using NJsonSchema;

namespace Briefer.Discord.Tests.Fakes;

/// <summary>
/// Validates REST request bodies against Discord's own OpenAPI description (<c>../shared/discord/openapi.json</c>).
/// The operation's request schema and every schema it references are copied into a standalone JSON schema,
/// with two changes documented in the shared README: <c>default_member_permissions</c> may be a string (the
/// docs say it is sent as one), and message <c>content</c> is held to the docs' 2000 characters rather than the
/// spec's 4000 (stricter, so the fake catches what real Discord would refuse). <c>const</c> is rewritten as a
/// one-value <c>enum</c>, which NJsonSchema understands.
/// </summary>
public static class OpenApiRequestValidator
{
    private static readonly Lazy<JsonObject?> Spec = new(() => FindSpec() is { } path ? (JsonObject)JsonNode.Parse(File.ReadAllText(path))! : null);
    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema?>> Schemas = new();

    // Validating one body against the interaction callback's anyOf costs up to ~60 ms of CPU (a modal); a burst of
    // identical bodies would otherwise measure the fake's validation instead of the bot. Same input, same result.
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Results = new();

    /// <summary>
    /// Path to the spec in the shared folder beside the repository, or null when it is missing: then bodies are not
    /// checked (see <see cref="Validate"/>), and the tests that check the validator itself are skipped with the reason.
    /// </summary>
    public static string? FindSpec() => SharedFolder.Find(SpecPath);

    /// <summary>Where the spec is inside the shared folder.</summary>
    public const string SpecPath = "discord/openapi.json";

    /// <summary>Whether the spec gives the operation a JSON request body (Trigger Typing, for one, has none); false without the spec.</summary>
    public static bool HasRequestBody(string method, string pathTemplate) =>
        Spec.Value?["paths"]?[pathTemplate]?[method.ToLowerInvariant()]?["requestBody"] is not null;

    /// <summary>
    /// Returns the validation errors of <paramref name="body"/> for <paramref name="method"/> <paramref name="pathTemplate"/>
    /// (as written in the spec); none when the spec is not there (a clone without <c>../shared</c>).
    /// </summary>
    public static IReadOnlyList<string> Validate(string method, string pathTemplate, string body)
    {
        if (Spec.Value is null)
        {
            return [];
        }

        var key = method.ToLowerInvariant() + " " + pathTemplate;
        var schema = Schemas.GetOrAdd(key, k => new Lazy<JsonSchema?>(() => Build(method.ToLowerInvariant(), pathTemplate))).Value;
        if (schema is null)
        {
            return [$"the spec has no JSON request body for {key}"];
        }

        if (Results.TryGetValue(key + "\n" + body, out var known))
        {
            return known;
        }

        var errors = schema.Validate(body).Select(e => e.ToString()).ToList();
        if (Results.Count < 10_000)
        {
            Results[key + "\n" + body] = errors;
        }

        return errors;
    }

    private static JsonSchema? Build(string method, string pathTemplate)
    {
        var spec = Spec.Value!;
        var operation = spec["paths"]?[pathTemplate]?[method];
        var root = operation?["requestBody"]?["content"]?["application/json"]?["schema"];
        if (root is null)
        {
            return null;
        }

        var components = spec["components"]!["schemas"]!.AsObject();
        var definitions = new JsonObject();
        var pending = new Queue<string>();
        var seen = new HashSet<string>();
        var rootCopy = Rewrite(root.DeepClone(), pending, seen);
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            definitions[name] = Rewrite(components[name]!.DeepClone(), pending, seen);
        }

        Relax(definitions);
        var document = rootCopy as JsonObject ?? new JsonObject { ["allOf"] = new JsonArray(rootCopy) };
        document["definitions"] = definitions;
        return JsonSchema.FromJsonAsync(document.ToJsonString()).GetAwaiter().GetResult();
    }

    private static JsonNode Rewrite(JsonNode node, Queue<string> pending, HashSet<string> seen)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                {
                    var name = reference["#/components/schemas/".Length..];
                    obj["$ref"] = "#/definitions/" + name;
                    if (seen.Add(name))
                    {
                        pending.Enqueue(name);
                    }
                }

                if (obj.ContainsKey("const"))
                {
                    var value = obj["const"]!.DeepClone();
                    obj.Remove("const");
                    obj["enum"] = new JsonArray(value);
                }

                foreach (var property in obj.ToList())
                {
                    if (property.Value is not null)
                    {
                        Rewrite(property.Value, pending, seen);
                    }
                }

                return obj;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Rewrite(item, pending, seen);
                    }
                }

                return array;
            default:
                return node;
        }
    }

    private static void Relax(JsonObject definitions)
    {
        foreach (var (name, schema) in definitions)
        {
            var properties = schema?["properties"] as JsonObject;
            if (properties is null)
            {
                continue;
            }

            if (properties.ContainsKey("default_member_permissions"))
            {
                properties["default_member_permissions"] = JsonNode.Parse("""{"type":["string","integer","null"],"pattern":"^[0-9]+$"}""");
            }

            if (name.StartsWith("MessageCreate", StringComparison.Ordinal) && properties["content"] is JsonObject content && content.ContainsKey("maxLength"))
            {
                content["maxLength"] = 2000;
            }
        }
    }
}
