namespace Briefer.Storage.Qdrant;
/// <summary>Placeholder until the feature lands.</summary>
internal static class Placeholder;
