namespace Briefer.Discord;
/// <summary>Placeholder until the feature lands.</summary>
internal static class Placeholder;
