namespace Briefer.Core.Embeddings;

/// <summary>
/// Facts about the embedding model in use. Stores record <see cref="Id"/> and <see cref="Dimensions"/>
/// and refuse to mix vectors from two models.
/// </summary>
/// <param name="QueryPrefix">Prepended to queries (not to documents), as the model was trained.</param>
public sealed record EmbeddingModelInfo(string Id, int Dimensions, int MaxTokens, string QueryPrefix);
