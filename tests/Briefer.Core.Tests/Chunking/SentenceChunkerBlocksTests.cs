using Briefer.Core.Chunking;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Chunking;

/// <summary>Chunking with the document's blocks: boundaries fall between blocks, and offsets stay exact.</summary>
public sealed class SentenceChunkerBlocksTests
{
    private const string Guide = """
        # Guide

        The server starts quickly. It reads one file. It writes one log. It listens on one port.

        ## Install

        ```sh
        sudo apt update
        sudo apt install server
        server init here
        server start now
        server status now
        ```

        ## Options

        - The port option sets the port. It defaults to eight thousand.
        - The host option sets the address. It defaults to every address.
        """;

    private static readonly ExtractedDocument Document = new MarkdownExtractor().Extract(Guide, "guide.md");

    private static SentenceChunker CreateChunker(int maxTokens) =>
        new(new WordCountTokenCounter(), Options.Create(new ChunkingOptions { MaxTokens = maxTokens, OverlapSentences = 1 }));

    private static bool CutsInside(TextChunk chunk, TextBlock block) =>
        (chunk.Start > block.Start && chunk.Start < block.End) || (chunk.End > block.Start && chunk.End < block.End);

    [Fact]
    public void Chunk_WithoutBlocks_CutsTheCodeBlock()
    {
        // The control for the test below: at this size plain sentence packing ends a chunk inside the code.
        var code = Assert.Single(Document.Blocks, b => b.Kind == BlockKind.Code);

        var chunks = CreateChunker(20).Chunk(Document.Text);

        Assert.Contains(chunks, c => CutsInside(c, code));
    }

    [Fact]
    public void Chunk_WithBlocks_NoChunkCutsACodeBlockOrListItem()
    {
        var chunks = CreateChunker(20).Chunk(Document.Text, Document.Blocks);

        foreach (var block in Document.Blocks.Where(b => b.Kind is BlockKind.Code or BlockKind.ListItem))
        {
            Assert.DoesNotContain(chunks, c => CutsInside(c, block));
        }
    }

    [Fact]
    public void Chunk_WithBlocks_NoChunkEndsWithAHeading()
    {
        var chunks = CreateChunker(20).Chunk(Document.Text, Document.Blocks);

        foreach (var heading in Document.Blocks.Where(b => b.Kind == BlockKind.Heading))
        {
            Assert.DoesNotContain(chunks, c => c.End == heading.End);
        }
    }

    [Fact]
    public void Chunk_WithBlocks_TextIsExactlyTheOffsetsSlice()
    {
        var chunks = CreateChunker(20).Chunk(Document.Text, Document.Blocks);

        Assert.All(chunks, c => Assert.Equal(Document.Text[c.Start..c.End], c.Text));
        Assert.All(chunks, c => Assert.True(c.TokenCount <= 20));
    }

    [Fact]
    public void Chunk_BlockOverTheLimit_IsStillCut()
    {
        var code = Assert.Single(Document.Blocks, b => b.Kind == BlockKind.Code);

        var chunks = CreateChunker(6).Chunk(Document.Text, Document.Blocks);

        Assert.Contains(chunks, c => CutsInside(c, code));
        Assert.All(chunks, c => Assert.True(c.TokenCount <= 6));
    }
}
