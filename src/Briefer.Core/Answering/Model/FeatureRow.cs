using Microsoft.ML;
using Microsoft.ML.Data;

namespace Briefer.Core.Answering;

/// <summary>One row of features for ML.NET.</summary>
internal sealed class FeatureRow
{
    public float[] Features { get; set; } = [];

    public float Label { get; set; }

    public uint Group { get; set; }

    public static SchemaDefinition Schema(int width, bool training = false)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        if (!training)
        {
            schema.Remove(schema[nameof(Label)]);
            schema.Remove(schema[nameof(Group)]);
        }

        return schema;
    }

    public static DataViewSchema SchemaOf(MLContext ml, int width) =>
        ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), Schema(width)).Schema;
}
