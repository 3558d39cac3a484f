using Briefer.Core.Documents;
using Briefer.Core.Storage;

namespace Briefer.Core.Tests.Storage;

public sealed class TextBlockCodecTests
{
    [Fact]
    public void Decode_EncodedBlocks_GivesThemBack()
    {
        TextBlock[] blocks =
        [
            new(0, 5, BlockKind.Heading, "Guide"),
            new(6, 20, BlockKind.TableRow, "Guide › Options", "Option | Description \"quoted\""),
            new(21, 40, BlockKind.Code, "Guide › Options", "sh"),
            new(41, 50, BlockKind.Quote, string.Empty),
        ];

        var decoded = TextBlockCodec.Decode(TextBlockCodec.Encode(blocks));

        Assert.Equal(blocks, decoded);
    }

    [Fact]
    public void Encode_RepeatedHeadingPath_StoredOnce()
    {
        var path = "A long heading path › that repeats";
        var encoded = TextBlockCodec.Encode([new TextBlock(0, 1, BlockKind.Paragraph, path), new TextBlock(2, 3, BlockKind.ListItem, path)]);

        Assert.Equal(encoded!.IndexOf(path, StringComparison.Ordinal), encoded.LastIndexOf(path, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"p\":[],\"b\":[[0,1,\"h\",3]]}")]
    [InlineData("{\"p\":[\"x\"],\"b\":[[0,1,\"unknown\",0]]}")]
    public void Decode_MissingOrDamaged_GivesNoBlocks(string? stored)
    {
        Assert.Empty(TextBlockCodec.Decode(stored));
    }
}
