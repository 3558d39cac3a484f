using Briefer.Core.Embeddings;

namespace Briefer.Core.Answering;

/// <summary>
/// Starts loading what answering a question needs, each on its own thread-pool thread, so a cold process overlaps
/// them with its own start instead of loading them one after another on the question's path: the embedding model
/// (the question's first step waits for it) and, for extractive answers, the answer model and its prediction engines
/// (the last step). Loading is idempotent and shared (the same lazy values the question path reads), so a question
/// that arrives first simply waits for the load already under way; a load that fails fails again, with its own
/// message, where the question reads it.
/// </summary>
public sealed class AnswerPathWarmup(ArcticEmbeddingGenerator embeddings, IAnswerComposer composer, AnswerSelector selector)
{
    /// <summary>Starts the loads and returns at once; <paramref name="answerModel"/> false leaves the answer model to its first use (a <c>brief</c> never reads it).</summary>
    /// <returns>The loads, for tests; callers need not wait for them.</returns>
    public Task Start(bool answerModel = true)
    {
        var loads = new List<Task> { Task.Run(() => Quietly(embeddings.EnsureLoaded)) };
        if (answerModel && composer is ExtractiveAnswerComposer)
        {
            loads.Add(Task.Run(() => Quietly(() => selector.Model.Warm())));
        }

        return Task.WhenAll(loads);
    }

    private static void Quietly(Action load)
    {
        try
        {
            load();
        }
#pragma warning disable CA1031 // The question path reads the same lazy value and reports its failure; a warm-up has no one to tell.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
