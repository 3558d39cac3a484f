namespace Briefer.Discord.Gateway;

/// <summary>Discord allows 120 gateway sends per 60 seconds per connection; this waits rather than exceed it.</summary>
internal sealed class GatewaySendLimiter(TimeProvider time, int limit = GatewaySendLimiter.DefaultLimit, TimeSpan? window = null)
{
    public const int DefaultLimit = 120;

    private readonly TimeSpan _window = window ?? TimeSpan.FromSeconds(60);
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Lock _gate = new();

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan delay;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                while (_sent.Count > 0 && now - _sent.Peek() >= _window)
                {
                    _sent.Dequeue();
                }

                if (_sent.Count < limit)
                {
                    _sent.Enqueue(now);
                    return;
                }

                delay = _sent.Peek() + _window - now;
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
