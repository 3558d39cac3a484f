using Briefer.Core.Documents;

namespace Briefer.Cli;

/// <summary>The options every verb shares.</summary>
/// <param name="DataDirectory">From <c>--data-dir</c>; null to use <c>BRIEFER_DATA_DIR</c>, configuration or the default.</param>
/// <param name="Settings">Configuration a verb sets for its own host (e.g. a benchmark's cache budget), over every other source.</param>
internal sealed record CliSettings(string? DataDirectory, ScopeId Scope, bool Json, IReadOnlyDictionary<string, string?>? Settings = null);
