using Briefer.Core.Documents;

namespace Briefer.Cli;

/// <summary>The options every verb shares.</summary>
/// <param name="DataDirectory">From <c>--data-dir</c>; null to use <c>BRIEFER_DATA_DIR</c>, configuration or the default.</param>
internal sealed record CliSettings(string? DataDirectory, ScopeId Scope, bool Json);
