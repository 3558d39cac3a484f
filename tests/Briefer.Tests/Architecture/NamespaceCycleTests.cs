using System.Reflection;

namespace Briefer.Tests.Architecture;

/// <summary>
/// The feature namespaces of Briefer.Core, Briefer and Briefer.Discord (<c>Briefer.Core.Storage</c>,
/// <c>Briefer.Bot</c>, <c>Briefer.Discord.Rest</c>, each with the namespaces below it) form no cycle, read from the
/// built assemblies' metadata (<see cref="NamespaceGraph"/>); each assembly's root namespace is its composition root
/// and is left out. The cycles that were there when the check came were listed by the edge that closes each and
/// removed as they were broken; the list is empty, and an entry that no longer exists fails the test.
/// </summary>
public sealed class NamespaceCycleTests
{
    /// <summary>
    /// Known edges that close a cycle. Empty since issue 19 broke the last three (Core.Storage ↔ Core.Retrieval: the
    /// retriever takes the store's <c>ISearchIndex</c>; Digests → Bot: digests render with <c>Answers.AnswerRenderer</c>
    /// and resolve audiences with <c>Audiences.AudienceResolver</c>; Discord.Rest → Discord.Gateway: <c>GatewayBotResponse</c>
    /// is a model and <c>DiscordFatalException</c> the client's). Keep it empty: break a new cycle rather than list it.
    /// </summary>
    private static readonly (string From, string To)[] KnownCycleEdges = [];

    private static readonly string[] AssemblyNames = ["Briefer.Core", "Briefer", "Briefer.Discord"];

    public static TheoryData<string> Assemblies => [.. AssemblyNames];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Namespaces_OutsideTheKnownEdges_FormNoCycle(string assembly)
    {
        var graph = NamespaceGraph.Read(Assembly.Load(assembly)).Features(assembly);

        var cycles = graph.Cycles(KnownCycleEdges);

        Assert.True(cycles.Count == 0, "Namespace cycles: " + string.Join("; ", cycles.Select(c => Describe(graph, c))));
    }

    [Fact]
    public void KnownCycleEdges_EachStillExists()
    {
        var graphs = AssemblyNames.Select(a => NamespaceGraph.Read(Assembly.Load(a)).Features(a)).ToList();

        var gone = KnownCycleEdges.Where(e => !graphs.Any(g => g.Edges.TryGetValue(e.From, out var to) && to.ContainsKey(e.To))).ToList();

        Assert.True(gone.Count == 0, "Broken cycles: take these edges off KnownCycleEdges: " + string.Join(", ", gone));
    }

    /// <summary>A cycle's namespaces and, for each edge inside it, one type that makes it.</summary>
    private static string Describe(NamespaceGraph graph, IReadOnlyList<string> cycle) =>
        "{" + string.Join(", ", cycle) + "} via " + string.Join(", ", cycle.SelectMany(from =>
            graph.Edges.TryGetValue(from, out var to) ? to.Where(e => cycle.Contains(e.Key)).Select(e => e.Value) : []));
}
