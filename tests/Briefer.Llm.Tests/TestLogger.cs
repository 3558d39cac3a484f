using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Briefer.Llm.Tests;

/// <summary>Keeps every formatted log line, so tests can assert what operators would see.</summary>
internal sealed class TestLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId Event, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, EventId Event, string Message)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, eventId, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
}
