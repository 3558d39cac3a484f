namespace Briefer.Core.Embeddings;

/// <summary>The model's last hidden state for every token of a text, each row L2-normalised.</summary>
/// <param name="Ids">The token ids, [CLS] first and [SEP] last.</param>
/// <param name="States">Row-major, <c>Ids.Length × Dimensions</c>.</param>
public sealed record TokenStates(int[] Ids, float[] States)
{
    /// <summary>The width of a row.</summary>
    public static int Dimensions => ArcticEmbeddingGenerator.ModelInfo.Dimensions;

    /// <summary>The text's embedding: the [CLS] row.</summary>
    public ReadOnlySpan<float> Embedding => States.AsSpan(0, Dimensions);

    /// <summary>Row <paramref name="token"/>.</summary>
    public ReadOnlySpan<float> Row(int token) => States.AsSpan(token * Dimensions, Dimensions);
}
