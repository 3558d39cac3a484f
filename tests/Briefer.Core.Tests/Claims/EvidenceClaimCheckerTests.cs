using Briefer.Core.Claims;
using Briefer.Core.Documents;
using Briefer.Core.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Core.Tests.Claims;

/// <summary>"Check with Briefer" on the real core over <c>samples/</c>.</summary>
[Collection(SamplesPipelineCollection.Name)]
public sealed class EvidenceClaimCheckerTests(SamplesPipelineFixture samples)
{
    private Task<ClaimCheck> CheckAsync(string statement) =>
        samples.Services.GetRequiredService<IClaimChecker>().CheckAsync(ScopeId.Local, statement, CancellationToken.None);

    [Theory]
    [InlineData("Brent crude fell 2.1 percent to $71.40 a barrel.", "oil-markets-after-caracas-operation.html")]
    [InlineData("The city council voted 7 to 4 to build protected bike lanes on Harbour Street.", "city-council-bike-lanes.txt")]
    [InlineData("Foro Penal said more than 700 political prisoners remain in custody.", "venezuela-prisoner-release-reactions.md")]
    public async Task Check_StatedInASample_SupportedWithItsQuote(string statement, string source)
    {
        var check = await CheckAsync(statement);

        Assert.Equal(ClaimVerdict.Supported, check.Verdict);
        Assert.Contains(check.Evidence, c => Path.GetFileName(c.Source) == source);
    }

    [Theory]
    [InlineData("Brent crude rose 9 percent to $80 a barrel.")]
    [InlineData("The city council voted 10 to 1 against the bike lanes.")]
    [InlineData("The Champions League final was won on penalties.")]
    public async Task Check_NotStated_NotCovered(string statement)
    {
        var check = await CheckAsync(statement);

        Assert.Equal(ClaimVerdict.NotCovered, check.Verdict);
    }

    [Fact]
    public void Numbers_IgnoreSeparatorsAndTrailingZeros() =>
        Assert.Equal(["71.4", "2.1", "1000"], EvidenceClaimChecker.Numbers("$71.40, 2.1 and 1,000"));
}
