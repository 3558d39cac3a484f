using Briefer.Core.Answering;
using Briefer.Core.Claims;
using Briefer.Core.Documents;

namespace Briefer.Tests.Bot;

/// <summary>Supported when a document of the scope the audience may read contains the statement (ignoring case and a closing full stop); else not covered.</summary>
public sealed class FakeClaimChecker(FakeBriefingService briefing) : IClaimChecker
{
    public Task<ClaimCheck> CheckAsync(ScopeId scope, string statement, ReaderAudience audience, CancellationToken cancellationToken)
    {
        var wanted = statement.Trim().TrimEnd('.');
        var hit = briefing.Documents.Where(d => d.Key.Scope == scope && audience.CanSee(d.Value.Record.Visibility)).Select(d => d.Value)
            .FirstOrDefault(d => d.Text.Contains(wanted, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(hit.Record is null
            ? new ClaimCheck(statement, ClaimVerdict.NotCovered, [])
            : new ClaimCheck(statement, ClaimVerdict.Supported, [new Citation(1, hit.Record.Id, hit.Record.Title, hit.Record.Source, wanted + ".", hit.Record.PublishedAt)]));
    }
}
