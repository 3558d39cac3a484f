using Briefer.Core.Answering;
using Briefer.Core.Chunking;
using Microsoft.Extensions.Options;

namespace Briefer.Cli.Eval;

/// <summary>How the answers to a set of SQuAD questions went, judged as the dataset's README says.</summary>
/// <param name="FirstCitationCorrect">Answerable: the first citation's quote holds a gold answer and cites the question's article.</param>
/// <param name="FirstSentenceCorrect">Answerable: the first sentence of the answer alone holds a gold answer (stricter: a context sentence put before the answer counts against it).</param>
/// <param name="AnswerContains">Answerable: a gold answer anywhere in the answer.</param>
/// <param name="Abstained">Unanswerable questions abstained on.</param>
/// <param name="WrongAbstentions">Answerable questions abstained on.</param>
/// <param name="MissingDocument">Questions asked with their own article left out of the evidence; <paramref name="MissingDocumentAbstained"/> of them abstained.</param>
internal sealed record SquadFigures(int Answerable, int Unanswerable, int FirstCitationCorrect, int FirstSentenceCorrect, int AnswerContains, int Abstained, int WrongAbstentions, int Sentences, int MissingDocument = 0, int MissingDocumentAbstained = 0)
{
    public static SquadFigures Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static SquadFigures operator +(SquadFigures a, SquadFigures b) => new(
        a.Answerable + b.Answerable, a.Unanswerable + b.Unanswerable, a.FirstCitationCorrect + b.FirstCitationCorrect, a.FirstSentenceCorrect + b.FirstSentenceCorrect,
        a.AnswerContains + b.AnswerContains, a.Abstained + b.Abstained, a.WrongAbstentions + b.WrongAbstentions, a.Sentences + b.Sentences,
        a.MissingDocument + b.MissingDocument, a.MissingDocumentAbstained + b.MissingDocumentAbstained);

    public static SquadFigures Add(SquadFigures a, SquadFigures b) => a + b;

    public double Rate(int count, bool answerable = true) => (answerable ? Answerable : Unanswerable) is var n and > 0 ? count / (double)n : 0;
}

/// <summary>Composes the real extractive answer for SQuAD questions with a given answer model and judges it.</summary>
internal static class SquadEvaluation
{
    /// <summary>Answers <paramref name="cases"/> with <paramref name="model"/> and judges every answer.</summary>
    public static SquadFigures Judge(IReadOnlyList<SquadCase> cases, AnswerModel model, AnswerOptions options, SentenceSemantics semantics, Action<SquadCase, Answer>? onAnswer = null)
    {
        var composer = new ExtractiveAnswerComposer(Options.Create(options), new AnswerSelector(Options.Create(options), semantics, model));
        var total = SquadFigures.Empty;
        foreach (var item in cases)
        {
            var answer = composer.ComposeAnswerAsync(item.Question.Text, item.Evidence, CancellationToken.None).GetAwaiter().GetResult();
            onAnswer?.Invoke(item, answer);
            total += Judge(item, answer);
        }

        return total;
    }

    public static SquadFigures Judge(SquadCase item, Answer answer)
    {
        var sentences = answer.Citations.Sum(c => SentenceSplitter.Split(c.Quote).Count);
        if (item.MissingDocument)
        {
            return SquadFigures.Empty with { MissingDocument = 1, MissingDocumentAbstained = answer.Abstained ? 1 : 0 };
        }

        if (item.Question.Impossible)
        {
            return new SquadFigures(0, 1, 0, 0, 0, answer.Abstained ? 1 : 0, 0, answer.Abstained ? 0 : sentences);
        }

        if (answer.Abstained)
        {
            return new SquadFigures(1, 0, 0, 0, 0, 0, 1, 0);
        }

        var first = answer.Citations[0];
        var rightArticle = first.DocumentId == item.Article;
        var firstCitation = rightArticle && SquadTrainingSet.HoldsAnswer(first.Quote, item.Question);
        var firstRange = SentenceSplitter.Split(first.Quote)[0];
        var firstSentence = rightArticle && SquadTrainingSet.HoldsAnswer(first.Quote[firstRange.Start..firstRange.End], item.Question);
        var anywhere = SquadTrainingSet.HoldsAnswer(answer.Text, item.Question);
        return new SquadFigures(1, 0, firstCitation ? 1 : 0, firstSentence ? 1 : 0, anywhere ? 1 : 0, 0, 0, sentences);
    }
}
