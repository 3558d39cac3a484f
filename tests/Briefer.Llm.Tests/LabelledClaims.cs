namespace Briefer.Llm.Tests;

/// <summary>
/// Claims about <c>samples/us-calls-off-second-strike.txt</c>, each citing one of the four sample chunks, labelled by
/// hand: paraphrases a model would write (supported) against invented facts in the document's vocabulary, citations
/// to the wrong chunk, negations and swapped roles (unsupported).
/// </summary>
internal static class LabelledClaims
{
    private static readonly (string Claim, int Source, bool Supported, string Kind)[] Rows =
    [
        ("Trump cancelled a second military strike on Venezuela.", 1, true, "paraphrase"),
        ("The announcement came in a social media post on January 9, 2026.", 1, true, "paraphrase"),
        ("Trump praised the prisoner release as a very important and smart gesture.", 1, true, "paraphrase"),
        ("The U.S. operation a week earlier had captured Venezuelan President Nicolas Maduro.", 1, true, "paraphrase"),
        ("Venezuela's release of many political prisoners was the main reason for the de-escalation.", 1, true, "paraphrase"),
        ("Trump credited cooperation from Venezuela for his decision.", 1, true, "paraphrase"),
        ("Trump said the follow-up assault will probably not be needed.", 2, true, "paraphrase"),
        ("U.S. naval forces will stay in the region for security reasons.", 2, true, "paraphrase"),
        ("Former presidential candidate Enrique Marquez was among those released.", 2, true, "paraphrase"),
        ("The detainees had been held at El Helicoide in Caracas.", 2, true, "paraphrase"),
        ("The releases started on Thursday, January 8.", 2, true, "paraphrase"),
        ("Biagio Pilieria, a former Venezuelan lawmaker, was also freed.", 2, true, "paraphrase"),
        ("Spain's foreign minister said five Spanish citizens were freed and flown home.", 3, true, "paraphrase"),
        ("Venezuela's government presented the releases as a sign that it seeks peace.", 3, true, "paraphrase"),
        ("International observers confirmed that the prisoners had been released.", 3, true, "paraphrase"),
        ("After the first attack, Trump had said the U.S. was prepared to launch a larger second attack.", 4, true, "paraphrase"),
        ("Trump told CNBC that a second wave was probably no longer necessary.", 4, true, "paraphrase"),
        ("American forces remain offshore and the situation is still fluid.", 4, true, "paraphrase"),
        ("The events mark a shift from military confrontation toward diplomacy.", 4, true, "paraphrase"),
        ("The capture of Maduro in the first strike changed Washington's calculus.", 4, true, "paraphrase"),
        ("Trump ordered a third strike on Caracas.", 1, false, "invented"),
        ("The strike cost the Pentagon 4 billion dollars.", 1, false, "invented"),
        ("Enrique Marquez was elected president of Venezuela.", 2, false, "invented"),
        ("Five American citizens were flown back to the United States.", 3, false, "invented"),
        ("Trump told CNBC that a third wave of attacks is planned for next week.", 4, false, "invented"),
        ("Oil prices fell sharply after the announcement.", 4, false, "invented"),
        ("The White House said Maduro will stand trial in New York.", 2, false, "invented"),
        // Added after the brief test showed short invented claims sharing two generic words with the chunk.
        ("The strike was ordered by the United Nations.", 4, false, "invented"),
        ("The second strike went ahead.", 1, false, "negation"),
        ("Venezuela's interim leadership refused to release any prisoners.", 1, false, "negation"),
        ("Naval assets were withdrawn from the region.", 2, false, "negation"),
        ("Trump said a second wave of attacks was necessary and would go ahead.", 4, false, "negation"),
        ("Maduro was released along with the political prisoners.", 1, false, "role swap"),
        ("Spanish Foreign Minister Albares was among those freed.", 3, false, "role swap"),
        ("Trump called off a second planned military strike against Venezuela.", 3, false, "wrong chunk"),
        ("Five Spanish nationals were among those freed.", 1, false, "wrong chunk"),
        ("Enrique Marquez and Biagio Pilieria were freed from El Helicoide.", 4, false, "wrong chunk"),
        ("Spanish Foreign Minister Jose Manuel Albares confirmed the releases.", 2, false, "wrong chunk"),
        ("Trump announced the decision in a post on Truth Social.", 1, false, "wrong chunk"),
        ("The Venezuelan government framed the releases as a sign of seeking peace.", 4, false, "wrong chunk"),
    ];

    public static IReadOnlyList<LabelledClaim> OnSample()
    {
        var chunks = Samples.Strike();
        return Rows.Select(r => new LabelledClaim(r.Claim, chunks[r.Source - 1].Text, r.Supported, r.Kind)).ToList();
    }
}
