namespace Briefer.Core.Answering;

/// <summary>The kind of answer a question asks for.</summary>
public enum AnswerType
{
    /// <summary>No specific kind: "what happened", "how does", "describe".</summary>
    Description,

    /// <summary>A reason or cause: "why", "what led to", "for what reason".</summary>
    Reason,

    /// <summary>A time: "when", "what year", "which day", "how long ago".</summary>
    Time,

    /// <summary>A place: "where", "which city", "what country".</summary>
    Place,

    /// <summary>A person or organisation: "who", "which minister", "what company".</summary>
    Person,

    /// <summary>A number or amount: "how many", "how much", "what percentage".</summary>
    Quantity,

    /// <summary>A definition: "what is X", "what does X mean".</summary>
    Definition,

    /// <summary>A named thing of some other kind: "what treaty", "which law".</summary>
    Entity,
}

/// <summary>What kind of key constraint a question term is.</summary>
public enum ConstraintKind
{
    /// <summary>A name (capitalised words, an acronym): the answer must be about this entity.</summary>
    Name,

    /// <summary>A number or a year the answer must be about.</summary>
    Number,

    /// <summary>The question is negated ("did not", "never"): the evidence must be too.</summary>
    Negation,

    /// <summary>A superlative or comparison ("largest", "first", "before"): easily swapped for its opposite.</summary>
    Comparison,

    /// <summary>A rarer content word.</summary>
    Content,
}

/// <summary>How a key constraint was written, which decides how evidence must meet it.</summary>
public enum ConstraintForm
{
    /// <summary>Words: the evidence must hold their terms.</summary>
    Words,

    /// <summary>An identifier (a flag, option path, snake_case name, file name, error code): its term, or all its parts in one unit.</summary>
    Identifier,

    /// <summary>A version number ("v3", "2.55", "version 9"): the evidence must name the same version, not merely the same digits.</summary>
    Version,

    /// <summary>A quoted or pasted phrase (an error message, a log line): matched as a run of terms, never word by word.</summary>
    Phrase,
}

/// <summary>What form of answer a technical question wants, beyond its <see cref="AnswerType"/>.</summary>
public enum AnswerForm
{
    /// <summary>Nothing in particular.</summary>
    Any,

    /// <summary>"how do I…", "what command…": a command, a code block, a flag or an option.</summary>
    Command,

    /// <summary>"what's the default of X": X's default value.</summary>
    DefaultValue,

    /// <summary>"which version…", "since what release…": a version number.</summary>
    Version,
}

/// <summary>A word or phrase of the question that the evidence must satisfy.</summary>
/// <param name="Text">The words as written in the question.</param>
/// <param name="Terms">Their analysed terms (the keyword analyzer's stems), what evidence is matched on.</param>
/// <param name="Form">How it was written; decides how evidence meets it (see <see cref="ConstraintForm"/>).</param>
/// <param name="Version">For <see cref="ConstraintForm.Version"/>, the version asked about.</param>
public sealed record KeyConstraint(string Text, ConstraintKind Kind, IReadOnlyList<string> Terms, ConstraintForm Form = ConstraintForm.Words, VersionNumber? Version = null);

/// <summary>A question, understood: what it asks for and what the answer must be about.</summary>
/// <param name="Focus">The noun the wh-word asks about ("state" in "capital of what state"), lower case; null when none.</param>
/// <param name="ContentTerms">Every analysed content term of the question (question words removed), in order, distinct.</param>
/// <param name="Constraints">The key constraints: names, numbers, negation, comparisons, then the other content words.</param>
public sealed record QuestionAnalysis(
    string Question,
    AnswerType AnswerType,
    string? Focus,
    IReadOnlyList<string> ContentTerms,
    IReadOnlyList<KeyConstraint> Constraints)
{
    /// <summary>What form of answer a technical question wants (a command, a default value, a version).</summary>
    public AnswerForm Form { get; init; } = AnswerForm.Any;

    /// <summary>
    /// The question's uncommon words as written, lower case: content words outside <see cref="CommonWords"/> that no other
    /// constraint covers ("macos", "freebsd", "zstd", a project's name). Documents that never mention one do not answer
    /// the question, however it is capitalised; the constraints and the features do not change with them.
    /// </summary>
    public IReadOnlyList<string> UncommonWords { get; init; } = [];

    /// <summary>The constraints of one kind.</summary>
    public IEnumerable<KeyConstraint> Of(ConstraintKind kind) => Constraints.Where(c => c.Kind == kind);
}
