using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Cli;

/// <summary>Where a verb writes, and how it reports a failure.</summary>
internal sealed record VerbContext(CliSettings Settings, TextWriter Output, TextWriter Error)
{
    public int Fail(int exitCode, string message)
    {
        if (Settings.Json)
        {
            Output.WriteLine(ErrorJson.Serialize(new ErrorJson(message)));
        }
        else
        {
            Error.WriteLine("error: " + message);
        }

        return exitCode;
    }
}

/// <summary>A failed verb's <c>--json</c> output: <c>{"error": "…"}</c>.</summary>
internal sealed record ErrorJson(string Error)
{
    // The same shape and escaping as every other --json output (CliJson): indented, relaxed escaping, camelCase.
    private static readonly ErrorJsonContext Context = new(new JsonSerializerOptions(ErrorJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(ErrorJson value) => JsonSerializer.Serialize(value, Context.ErrorJson);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorJson))]
internal sealed partial class ErrorJsonContext : JsonSerializerContext;
