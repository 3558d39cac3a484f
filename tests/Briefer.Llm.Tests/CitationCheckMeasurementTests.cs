using Briefer.Testing;
using Xunit.Abstractions;

namespace Briefer.Llm.Tests;

/// <summary>
/// The measurement behind the citation check's choice of lexical overlap (numbers in prompts/README.md), kept as
/// tests so the threshold cannot drift unnoticed. Run with <c>--logger "console;verbosity=detailed"</c> to see the tables.
/// </summary>
public sealed class CitationCheckMeasurementTests(ITestOutputHelper output)
{
    /// <summary>SciFact claims measured: 20 by default, to keep CI quick; set BRIEFER_SCIFACT_CLAIMS (up to 300) for the full table.</summary>
    private static readonly int ClaimLimit = int.TryParse(Environment.GetEnvironmentVariable("BRIEFER_SCIFACT_CLAIMS"), out var n) ? n : 20;

    [Fact]
    public async Task SupportScores_HandLabelledSampleClaims_CheckerSeparatesAtDefaults()
    {
        var claims = LabelledClaims.OnSample();

        var lexical = claims.Select(SupportMeasurement.Lexical).ToList();
        var embedding = await SupportMeasurement.EmbeddingAsync(claims);

        var lexicalSeparation = SupportMeasurement.Separate("lexical (best 2 sentences)", claims, lexical, CitationChecker.DefaultMinLexicalSupport);
        var embeddingSeparation = SupportMeasurement.Separate("embedding (best sentence)", claims, embedding, CitationChecker.DefaultMinSimilarity);
        output.WriteLine(SupportMeasurement.Table(claims, lexical, embedding));
        output.WriteLine(lexicalSeparation.ToString());
        var checker = SupportMeasurement.Separate("checker (both, defaults)", claims, await SupportMeasurement.CheckerAsync(claims), 1);
        output.WriteLine(embeddingSeparation.ToString());
        output.WriteLine(checker.ToString());
        Assert.True(checker.AccuracyAtDefault >= 0.85, checker.ToString());
        Assert.True(checker.AccuracyAtDefault >= lexicalSeparation.AccuracyAtDefault, "both scores together should do no worse than lexical alone");
    }

    [SharedFact("eval/scifact")]
    public async Task SupportScores_SciFactClaimsAgainstNearestWrongAbstract_CheckerAtLeastAsPreciseAsEitherScore()
    {
        var claims = SciFactClaims.Load(limit: ClaimLimit);

        var lexical = claims.Select(SupportMeasurement.Lexical).ToList();
        var embedding = await SupportMeasurement.EmbeddingAsync(claims);

        var lexicalSeparation = SupportMeasurement.Separate("lexical (best 2 sentences)", claims, lexical, CitationChecker.DefaultMinLexicalSupport);
        var embeddingSeparation = SupportMeasurement.Separate("embedding (best sentence)", claims, embedding, CitationChecker.DefaultMinSimilarity);
        output.WriteLine($"{claims.Count} pairs");
        output.WriteLine(SupportMeasurement.Table(claims, lexical, embedding));
        output.WriteLine(lexicalSeparation.ToString());
        var checker = SupportMeasurement.Separate("checker (both, defaults)", claims, await SupportMeasurement.CheckerAsync(claims), 1);
        output.WriteLine(embeddingSeparation.ToString());
        output.WriteLine(checker.ToString());
        Assert.True(checker.PrecisionAtDefault >= embeddingSeparation.PrecisionAtDefault - 0.05 && checker.PrecisionAtDefault >= lexicalSeparation.PrecisionAtDefault, checker.ToString());
    }
}
