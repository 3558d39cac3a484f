using Briefer.Testing;

namespace Briefer.Discord.Tests.Fakes;

/// <summary>
/// The fake Discord server checks every REST body against Discord's OpenAPI description in ../shared. These tests show
/// the check bites; without ../shared they are skipped with the reason, and the fake accepts bodies unchecked.
/// </summary>
public sealed class OpenApiRequestValidatorTests
{
    private const string EditOriginal = "/webhooks/{webhook_id}/{webhook_token}/messages/@original";

    [SharedFact(OpenApiRequestValidator.SpecPath)]
    public void Validate_ValidMessageEdit_NoErrors()
    {
        Assert.Empty(OpenApiRequestValidator.Validate("PATCH", EditOriginal, """{"content":"Hello","allowed_mentions":{"parse":[]}}"""));
    }

    [SharedFact(OpenApiRequestValidator.SpecPath)]
    public void Validate_ContentOfWrongType_ReportsIt()
    {
        Assert.NotEmpty(OpenApiRequestValidator.Validate("PATCH", EditOriginal, """{"content":42}"""));
    }

    [SharedFact(OpenApiRequestValidator.SpecPath)]
    public void Validate_ContentOverDocumentedLimit_ReportsIt()
    {
        Assert.NotEmpty(OpenApiRequestValidator.Validate("PATCH", EditOriginal, $$"""{"content":"{{new string('a', 2001)}}"}"""));
    }
}
