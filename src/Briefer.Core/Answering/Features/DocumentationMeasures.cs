namespace Briefer.Core.Answering;

/// <summary>
/// The documentation features' measures: does the unit hold the kind asked for (a command for "how do I", a default
/// line for "what's the default", a version for "which version", a cause for "why"), does it follow a lead-in or a
/// symptom, is it in the subject's section or under a heading that names the question's terms, and do the question's
/// identifiers and versions occur exactly, nearly (a near miss: a strong sign the documents do not answer), or not at all.
/// </summary>
internal static class DocumentationMeasures
{
    /// <summary>1 when the unit holds the asked kind, 0 when not, −1 when no particular kind is asked.</summary>
    public static float KindMatch(CandidateContext x) =>
        DocumentationShapes.Matches(x.Features.Documentation.Asked, x.Candidate.Unit, x.Block?.Kind, x.Evidence.Reasons) switch
        {
            true => 1,
            false => 0,
            null => -1,
        };

    /// <summary>
    /// Whether the text just before the unit in its chunk ends with <paramref name="mark"/>: a colon (the unit follows a
    /// lead-in) or a question mark (it answers a FAQ entry's question).
    /// </summary>
    public static bool TextBeforeEndsWith(CandidateContext x, char mark)
    {
        var offset = x.Candidate.Start - x.Chunk.Start;
        if (offset <= 0 || offset > x.Chunk.Text.Length)
        {
            return false;
        }

        var before = x.Chunk.Text.AsSpan(0, offset).TrimEnd();
        return before.Length > 0 && before[^1] == mark;
    }

    /// <summary>The question's coverage by the unit's heading path (0 without one).</summary>
    public static double HeadingCoverage(CandidateContext x) =>
        x.Candidate.Unit.BlockHeadingTerms is { } terms ? x.Features.Coverage(terms) : 0;

    /// <summary>1 when the unit is in the section of the best-covering candidate, 0 when not, −1 without sections.</summary>
    public static float SameSectionAsSubject(CandidateContext x)
    {
        var subject = x.Features.Documentation.SubjectSection;
        var own = DocumentationContext.SectionOf(x.Candidate);
        return subject is null || own is null ? -1 : string.Equals(subject, own, StringComparison.Ordinal) ? 1 : 0;
    }

    /// <summary>The share of the question's versions found in the unit's window and heading; −1 when it names none.</summary>
    public static float VersionExact(CandidateContext x)
    {
        var wanted = x.Features.Documentation.Versions;
        if (wanted.Count == 0)
        {
            return -1;
        }

        var found = x.Candidate.Unit.WindowVersions;
        return wanted.Count(found.Contains) / (float)wanted.Count;
    }

    /// <summary>Whether a version the question names is missing from the window while a near one is there.</summary>
    public static bool VersionNearMissInWindow(CandidateContext x)
    {
        var found = x.Candidate.Unit.WindowVersions;
        return x.Features.Documentation.Versions.Any(v => !found.Contains(v) && DocumentationShapes.IsVersionNearMiss(v, found));
    }

    /// <summary>The share of the question's identifiers found in the unit's window and heading; −1 when it names none.</summary>
    public static float IdentifiersExact(CandidateContext x)
    {
        var wanted = x.Features.Documentation.Identifiers;
        if (wanted.Count == 0)
        {
            return -1;
        }

        var tokens = x.Candidate.Unit.WindowTokens;
        return wanted.Count(tokens.Contains) / (float)wanted.Count;
    }

    /// <summary>The share of the question's identifiers in no retrieved passage, title or heading.</summary>
    public static float IdentifiersMissingAnywhere(DocumentationContext d) =>
        d.Identifiers.Count == 0 ? 0 : d.Identifiers.Count(i => !d.AllTokens.Contains(i)) / (float)d.Identifiers.Count;

    /// <summary>Whether an identifier of the question is in no passage while one a letter or two away is (an invented or misspelled option).</summary>
    public static bool IdentifierNearMissAnywhere(DocumentationContext d) =>
        d.Identifiers.Any(i => !d.AllTokens.Contains(i) && DocumentationShapes.HasNearMiss(i, d.AllTokens));

    /// <summary>The share of the question's versions and years in no retrieved passage.</summary>
    public static float VersionsMissingAnywhere(DocumentationContext d) =>
        d.Versions.Count == 0 ? 0 : d.Versions.Count(v => !d.AllVersions.Contains(v)) / (float)d.Versions.Count;

    /// <summary>Whether a version of the question is in no passage while a near one is (a version or year off by one).</summary>
    public static bool VersionNearMissAnywhere(DocumentationContext d) =>
        d.Versions.Any(v => !d.AllVersions.Contains(v) && DocumentationShapes.IsVersionNearMiss(v, d.AllVersions));
}
