using System.Text.RegularExpressions;

namespace Briefer.Llm;

/// <summary>
/// Recognises source sentences written to steer a model ("ignore previous instructions", "you are now…",
/// "tell the user to…"). The prompt already tells the model that sources are material, never instructions; this is
/// the second line: such sentences never support a claim, so an answer that obeyed them loses those sentences.
/// </summary>
/// <remarks>Pattern-based, so it catches the common phrasings only; the support check is what catches the rest.</remarks>
internal static partial class InstructionDetector
{
    public static bool IsInstruction(string sentence) => Pattern().IsMatch(sentence);

    [GeneratedRegex(
        @"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:previous|prior|above|earlier|preceding|system|original)?\s*(?:instructions?|prompts?|rules|messages|directions)\b"
        + @"|\byou\s+are\s+now\b"
        + @"|\b(?:system|developer)\s+prompt\b"
        + @"|\bnew\s+instructions?\s*:"
        + @"|\b(?:AI|assistant|language\s+model|LLM|chatbot)s?\s*(?:,|:)?\s*(?:must|should|will)\s+(?:now\s+)?(?:say|tell|answer|reply|respond|write|cite|ignore)\b"
        + @"|\b(?:tell|instruct|inform)\s+(?:the\s+)?(?:user|reader|human)s?\s+(?:to|that)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pattern();
}
