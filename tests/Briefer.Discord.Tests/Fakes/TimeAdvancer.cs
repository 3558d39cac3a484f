using Microsoft.Extensions.Time.Testing;

namespace Briefer.Discord.Tests.Fakes;

/// <summary>Moves a <see cref="FakeTimeProvider"/> forward until something happens, without real sleeps beyond short polls.</summary>
public static class TimeAdvancer
{
    /// <summary>Advances <paramref name="time"/> by <paramref name="step"/> repeatedly until <paramref name="task"/> completes (at most ~10 s of real time).</summary>
    public static async Task<T> AdvanceUntilAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step)
    {
        for (var i = 0; i < 500 && !task.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.WhenAny(task, Task.Delay(20));
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(1));
    }
}
