using System.Buffers.Binary;
using System.Numerics.Tensors;
using Briefer.Core.Embeddings;

namespace Briefer.Core.Answering;

/// <summary>
/// A small learned layer over the embedding model's frozen token states: it projects question and sentence tokens into
/// a space where "supports the question" is closeness, aligns each content word of the question with the sentence
/// (a soft maximum over the sentence's tokens), and reports how well each word is supported.
/// </summary>
/// <remarks>
/// <para>For question token <c>q</c> and sentence token <c>s</c>, the match is <c>e = (Wq)·(Ws)</c>; a word's support is
/// the softmax-weighted mean of its matches, <c>m = Σ softmax(λe)·e</c>. <c>W</c> (d × 384) is trained with
/// <see cref="AlignmentHeadTrainer"/> so that the sentence that answers a question gets the highest mean support among the
/// retrieved sentences. Trained on frozen states, it is small (d × 384 floats) and cheap to run.</para>
/// </remarks>
public sealed class AlignmentHead
{
    /// <summary>The sharpness of the soft alignment (close to a hard maximum).</summary>
    public const float Sharpness = 10f;

    private const int Magic = 0x31484c41; // "ALH1"

    internal AlignmentHead(int rank, float[] projection, float temperature)
    {
        Rank = rank;
        Projection = projection;
        Temperature = temperature;
    }

    /// <summary>The projection's rank d.</summary>
    public int Rank { get; }

    /// <summary>Row-major d × <see cref="TokenStates.Dimensions"/>.</summary>
    internal float[] Projection { get; }

    /// <summary>The scale of the ranking score the head was trained with.</summary>
    public float Temperature { get; internal set; }

    /// <summary>The names of <see cref="Features"/>' values, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["head_mean", "head_min", "head_names", "head_cls"];

    /// <summary>A head that projects with a random Gaussian matrix (the start of training).</summary>
    public static AlignmentHead Random(int rank, int seed)
    {
        var random = new Random(seed);
        var projection = new float[rank * TokenStates.Dimensions];
        var scale = 1.0 / Math.Sqrt(rank);
        for (var i = 0; i < projection.Length; i++)
        {
            // Box-Muller.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            projection[i] = (float)(scale * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return new AlignmentHead(rank, projection, 5f);
    }

    /// <summary>Projects every row of <paramref name="states"/> (skipping none); row-major n × d.</summary>
    public float[] Project(TokenStates states, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(rows);
        var result = new float[rows.Count * Rank];
        for (var r = 0; r < rows.Count; r++)
        {
            var x = states.Row(rows[r]);
            for (var k = 0; k < Rank; k++)
            {
                result[(r * Rank) + k] = TensorPrimitives.Dot(Projection.AsSpan(k * TokenStates.Dimensions, TokenStates.Dimensions), x);
            }
        }

        return result;
    }

    /// <summary>The rows of a sentence's states that are its words (not [CLS] or [SEP]).</summary>
    public static IReadOnlyList<int> SentenceRows(TokenStates sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return sentence.Ids.Length <= 2 ? [0] : [.. Enumerable.Range(1, sentence.Ids.Length - 2)];
    }

    /// <summary>Every question content token's support (see the remarks), given projected rows.</summary>
    public float[] Supports(ReadOnlySpan<float> question, int questionRows, ReadOnlySpan<float> sentence, int sentenceRows)
    {
        var supports = new float[questionRows];
        Span<float> e = sentenceRows <= 512 ? stackalloc float[sentenceRows] : new float[sentenceRows];
        for (var i = 0; i < questionRows; i++)
        {
            var q = question.Slice(i * Rank, Rank);
            var max = float.NegativeInfinity;
            for (var j = 0; j < sentenceRows; j++)
            {
                e[j] = TensorPrimitives.Dot(q, sentence.Slice(j * Rank, Rank));
                max = Math.Max(max, e[j]);
            }

            double sum = 0, weighted = 0;
            for (var j = 0; j < sentenceRows; j++)
            {
                var w = Math.Exp(Sharpness * (e[j] - max));
                sum += w;
                weighted += w * e[j];
            }

            supports[i] = (float)(weighted / sum);
        }

        return supports;
    }

    /// <summary>The head's features for one sentence: mean and minimum support, minimum over the question's names, and the [CLS] cosine.</summary>
    public float[] Features(QuestionEncoding question, float[] projectedQuestion, TokenStates sentence, float[] projectedSentence)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(projectedQuestion);
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(projectedSentence);
        var rows = projectedSentence.Length / Rank;
        var supports = Supports(projectedQuestion, question.Content.Count, projectedSentence, rows);
        var names = question.Names.Select(n => question.Content.IndexOf(n)).Where(i => i >= 0).Select(i => supports[i]).ToList();
        return
        [
            supports.Length == 0 ? 0 : supports.Average(),
            supports.Length == 0 ? 0 : supports.Min(),
            names.Count == 0 ? supports.DefaultIfEmpty(0).Min() : names.Min(),
            TensorPrimitives.Dot(question.States.Embedding, sentence.Embedding),
        ];
    }

    /// <summary>Writes the head (little-endian floats).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], Rank);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], TokenStates.Dimensions);
        BinaryPrimitives.WriteSingleLittleEndian(header[12..], Temperature);
        stream.Write(header);
        var bytes = new byte[Projection.Length * 4];
        for (var i = 0; i < Projection.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), Projection[i]);
        }

        stream.Write(bytes);
    }

    /// <summary>Reads a head written by <see cref="Save"/>.</summary>
    public static AlignmentHead Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[16];
        stream.ReadExactly(header);
        if (BinaryPrimitives.ReadInt32LittleEndian(header) != Magic || BinaryPrimitives.ReadInt32LittleEndian(header[8..]) != TokenStates.Dimensions)
        {
            throw new InvalidDataException("Not an alignment head for this embedding model.");
        }

        var rank = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var temperature = BinaryPrimitives.ReadSingleLittleEndian(header[12..]);
        var bytes = new byte[rank * TokenStates.Dimensions * 4];
        stream.ReadExactly(bytes);
        var projection = new float[rank * TokenStates.Dimensions];
        for (var i = 0; i < projection.Length; i++)
        {
            projection[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        }

        return new AlignmentHead(rank, projection, temperature);
    }
}
