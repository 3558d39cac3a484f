using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Storage;

/// <summary>
/// Visibility in the store contract: a document scoped to a channel or to roles is found only by an audience that holds
/// one of its tokens, in every search mode, and a hidden chunk never takes a slot of the result.
/// </summary>
public abstract partial class DocumentStoreContract
{
    private static readonly AudienceChannelId ModChannel = new(9001);
    private static readonly AudienceRoleId ModRole = new(7001);
    private static readonly AudienceRoleId AdminRole = new(7002);

    [ContractFact]
    public async Task GetDocument_ChannelVisibility_RoundTrips()
    {
        var scope = NewScope();
        var document = Document(scope, "mods.txt", "Moderator notes") with { Visibility = Visibility.ForChannel(ModChannel) };

        await Store.UpsertDocumentAsync(document, [Chunk(0, "Ban appeals go to the moderators.", Axis(0))], default);

        Assert.Equal(Visibility.ForChannel(ModChannel), (await Store.GetDocumentAsync(scope, document.Id, default))!.Visibility);
    }

    [ContractFact]
    public async Task ListDocuments_RoleVisibility_RoundTrips()
    {
        var scope = NewScope();
        var document = Document(scope, "staff.txt", "Staff notes") with { Visibility = Visibility.ForRoles([AdminRole, ModRole]) };

        await Store.UpsertDocumentAsync(document, [Chunk(0, "Staff only.", Axis(0))], default);

        Assert.Equal(Visibility.ForRoles([ModRole, AdminRole]), Assert.Single(await Store.ListDocumentsAsync(scope, default)).Visibility);
    }

    [ContractFact]
    public async Task Search_Keyword_HiddenChunkNeverTakesASlot() => await AssertHiddenTakesNoSlotAsync(RetrievalMode.Keyword);

    [ContractFact]
    public async Task Search_Dense_HiddenChunkNeverTakesASlot() => await AssertHiddenTakesNoSlotAsync(RetrievalMode.Dense);

    [ContractFact]
    public async Task Search_Hybrid_HiddenChunkNeverTakesASlot() => await AssertHiddenTakesNoSlotAsync(RetrievalMode.Hybrid);

    [ContractFact]
    public async Task Search_DefaultAudience_FindsOnlyDocumentsVisibleToEveryone()
    {
        var (scope, open, _, _) = await ScopedDocumentsAsync();

        var results = await Store.SearchAsync(new SearchQuery(scope, "lighthouse keeper", Axis(61), 10), default);

        Assert.Equal([open.Id], results.Select(r => r.DocumentId));
    }

    [ContractFact]
    public async Task Search_AudienceWithTheChannel_FindsTheChannelDocumentNotTheRoleDocument()
    {
        var (scope, open, channel, _) = await ScopedDocumentsAsync();

        var results = await Store.SearchAsync(Query(scope, ReaderAudience.Of([ModChannel], [])), default);

        Assert.Equal(new[] { open.Id.Value, channel.Id.Value }.Order(), results.Select(r => r.DocumentId.Value).Order());
    }

    [ContractFact]
    public async Task Search_AudienceWithOneOfTheRoles_FindsTheRoleDocument()
    {
        var (scope, open, _, roles) = await ScopedDocumentsAsync();

        var results = await Store.SearchAsync(Query(scope, ReaderAudience.Of([], [AdminRole])), default);

        Assert.Equal(new[] { open.Id.Value, roles.Id.Value }.Order(), results.Select(r => r.DocumentId.Value).Order());
    }

    [ContractFact]
    public async Task Search_AudienceWithOtherChannelAndRole_FindsOnlyTheOpenDocument()
    {
        var (scope, open, _, _) = await ScopedDocumentsAsync();

        var results = await Store.SearchAsync(Query(scope, ReaderAudience.Of([new AudienceChannelId(1)], [new AudienceRoleId(2)])), default);

        Assert.Equal([open.Id], results.Select(r => r.DocumentId));
    }

    [ContractFact]
    public async Task Search_AudienceWithSeveralChannelsAndRoles_FindsEachOnce()
    {
        var (scope, _, _, _) = await ScopedDocumentsAsync();
        var audience = ReaderAudience.Of([new AudienceChannelId(3), ModChannel, new AudienceChannelId(1)], [new AudienceRoleId(9), ModRole]);

        var results = await Store.SearchAsync(Query(scope, audience), default);

        Assert.Equal(3, results.Count);
    }

    [ContractFact]
    public async Task Search_Everything_FindsEveryDocument()
    {
        var (scope, _, _, _) = await ScopedDocumentsAsync();

        var results = await Store.SearchAsync(Query(scope, ReaderAudience.Everything), default);

        Assert.Equal(3, results.Count);
    }

    [ContractFact]
    public async Task Search_VisibilityNarrowedOnReplace_HiddenFromThenOn()
    {
        var scope = NewScope();
        var document = Document(scope, "policy.txt", "Policy");
        var chunk = Chunk(0, "The lighthouse keeper retired.", Axis(61));
        await Store.UpsertDocumentAsync(document, [chunk], default);

        await Store.UpsertDocumentAsync(document with { Visibility = Visibility.ForChannel(ModChannel) }, [chunk], default);

        Assert.Empty(await Store.SearchAsync(Query(scope, ReaderAudience.EveryoneOnly), default));
    }

    [ContractFact]
    public async Task Search_DocumentsAndAudience_BothApply()
    {
        var (scope, open, channel, roles) = await ScopedDocumentsAsync();

        var results = await Store.SearchAsync(Query(scope, ReaderAudience.Of([ModChannel], [])) with { Documents = [channel.Id, roles.Id] }, default);

        Assert.Equal([channel.Id], results.Select(r => r.DocumentId));
        Assert.DoesNotContain(open.Id, results.Select(r => r.DocumentId));
    }

    [ContractFact]
    public async Task Search_ManyHiddenChunksOutrankTheOpenOnes_StillFillsTheLimitWithVisibleChunks()
    {
        // More hidden chunks rank above the open ones than any margin a store might rank beyond its limit.
        var scope = NewScope();
        var hidden = Document(scope, "mods.txt", "Moderator notes") with { Visibility = Visibility.ForRoles([ModRole]) };
        var open = Document(scope, "open.txt", "Open notes");
        await Store.UpsertDocumentAsync(hidden, [.. Enumerable.Range(0, 400).Select(i => Chunk(i, $"Lighthouse keeper {i}: the lighthouse keeper, lighthouse keeper again.", Axis(64)))], default);
        await Store.UpsertDocumentAsync(open, [.. Enumerable.Range(0, 4).Select(i => Chunk(i, $"Notes {i} on a harbour where a lighthouse keeper once lived, among many other words.", Blend((64, 1f), (65, 3f))))], default);

        foreach (var mode in new[] { RetrievalMode.Keyword, RetrievalMode.Dense, RetrievalMode.Hybrid })
        {
            var results = await Store.SearchAsync(new SearchQuery(scope, "lighthouse keeper", Axis(64), 3, mode) { Audience = ReaderAudience.Of([ModChannel], []) }, default);

            Assert.Equal(3, results.Count);
            Assert.All(results, r => Assert.Equal(open.Id, r.DocumentId));
        }
    }

    private static SearchQuery Query(ScopeId scope, ReaderAudience audience, RetrievalMode mode = RetrievalMode.Hybrid, int limit = 10) =>
        new(scope, "lighthouse keeper", Axis(61), limit, mode) { Audience = audience };

    /// <summary>Three documents with the same text and vector: one open, one scoped to a channel, one to two roles.</summary>
    private async Task<(ScopeId Scope, DocumentRecord Open, DocumentRecord Channel, DocumentRecord Roles)> ScopedDocumentsAsync()
    {
        var scope = NewScope();
        var open = Document(scope, "open.txt", "Open notes");
        var channel = Document(scope, "mods.txt", "Moderator notes") with { Visibility = Visibility.ForChannel(ModChannel) };
        var roles = Document(scope, "staff.txt", "Staff notes") with { Visibility = Visibility.ForRoles([ModRole, AdminRole]) };
        foreach (var document in new[] { open, channel, roles })
        {
            await Store.UpsertDocumentAsync(document, [Chunk(0, "The lighthouse keeper retired.", Axis(61))], default);
        }

        return (scope, open, channel, roles);
    }

    /// <summary>
    /// The hidden document matches the query best (exact vector, every term twice); with a limit of one the result must be
    /// the weaker open document, not the hidden one and not nothing.
    /// </summary>
    private async Task AssertHiddenTakesNoSlotAsync(RetrievalMode mode)
    {
        var scope = NewScope();
        var hidden = Document(scope, "mods.txt", "Moderator notes") with { Visibility = Visibility.ForChannel(ModChannel) };
        var open = Document(scope, "open.txt", "Open notes");
        await Store.UpsertDocumentAsync(hidden, [Chunk(0, "Lighthouse keeper: the lighthouse keeper retired.", Axis(62))], default);
        await Store.UpsertDocumentAsync(open, [Chunk(0, "A lighthouse keeper was seen at the harbour today.", Blend((62, 1f), (63, 1f)))], default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "lighthouse keeper", Axis(62), 1, mode) { Audience = ReaderAudience.EveryoneOnly }, default);

        Assert.Equal([open.Id], results.Select(r => r.DocumentId));
    }
}
