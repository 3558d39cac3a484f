using System.Collections.Concurrent;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Briefer.Testing;

/// <summary>A fact that reads <see cref="Path"/> from the shared folder, and is skipped, with the reason, when it is missing.</summary>
/// <param name="path">The file or folder inside <c>../shared</c>, with forward slashes: <c>eval/scifact</c>.</param>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Briefer.Testing.SharedFactDiscoverer", "Briefer.Testing")]
public sealed class SharedFactAttribute(string path) : FactAttribute
{
    public string Path { get; } = path;
}

/// <summary>A theory that reads <see cref="Path"/> from the shared folder, and is skipped, with the reason, when it is missing.</summary>
/// <param name="path">The file or folder inside <c>../shared</c>, with forward slashes: <c>eval/scifact</c>.</param>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Briefer.Testing.SharedTheoryDiscoverer", "Briefer.Testing")]
public sealed class SharedTheoryAttribute(string path) : TheoryAttribute
{
    public string Path { get; } = path;
}

/// <summary>Discovers <see cref="SharedFactAttribute"/> tests: as facts when the shared path exists, else one skipped case.</summary>
public sealed class SharedFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _facts = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        SkipNotice.SkipWhenMissing(diagnosticMessageSink, discoveryOptions, testMethod, factAttribute)
        ?? _facts.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Discovers <see cref="SharedTheoryAttribute"/> tests: as theories when the shared path exists, else one skipped case.</summary>
public sealed class SharedTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly TheoryDiscoverer _theories = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        SkipNotice.SkipWhenMissing(diagnosticMessageSink, discoveryOptions, testMethod, factAttribute)
        ?? _theories.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>
/// Says once per test run why tests are skipped. The console shows a skipped test only by name at its default
/// verbosity; a diagnostic message (shown because <c>xunit.runner.json</c> turns them on) carries the reason.
/// </summary>
public static class SkipNotice
{
    private static readonly ConcurrentDictionary<string, bool> Said = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="message"/> to the test output once per process, however many tests it explains.</summary>
    public static void Once(IMessageSink diagnosticMessageSink, string message)
    {
        ArgumentNullException.ThrowIfNull(diagnosticMessageSink);
        if (Said.TryAdd(message, true))
        {
            diagnosticMessageSink.OnMessage(new DiagnosticMessage(message));
        }
    }

    internal static IEnumerable<IXunitTestCase>? SkipWhenMissing(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo attribute)
    {
        var path = attribute.GetConstructorArguments().OfType<string>().First();
        if (SharedFolder.Find(path) is not null)
        {
            return null;
        }

        var reason = SharedFolder.MissingReason(path);
        Once(sink, $"Some tests are skipped: they need ../shared/{path}, which is missing. {SharedFolder.Explanation}");
        return [new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }
}
