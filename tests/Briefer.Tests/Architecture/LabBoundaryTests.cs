using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Briefer.Tests.Architecture;

/// <summary>
/// The lab (eval, train, bench and the answer model's trainer, assembly <c>Briefer.Lab</c>) stays out of what serves:
/// the core, the Discord client, the LLM and Qdrant adapters and the verbs' shared plumbing do not reference it, the
/// core uses no ML.NET trainer (it only loads the shipped model), and the app touches the lab only where it adds the
/// verbs (<c>LabSetup.AddLabVerbs</c>) and implements their port (<c>ILabApp</c>, in <c>Cli/LabVerbs.cs</c>).
/// Read from the built assemblies' metadata.
/// </summary>
public sealed class LabBoundaryTests
{
    private const string Lab = "Briefer.Lab";

    public static TheoryData<string> ServingAssemblies => ["Briefer.Core", "Briefer.Discord", "Briefer.Llm", "Briefer.Storage.Qdrant", "Briefer.Verbs"];

    [Theory]
    [MemberData(nameof(ServingAssemblies))]
    public void ServingAssembly_DoesNotReferenceTheLab(string assembly)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain(Lab, references);
    }

    [Fact]
    public void Core_UsesNoMlNetTrainer()
    {
        var trainers = TypeReferences("Briefer.Core")
            .Where(t => t.Namespace.StartsWith("Microsoft.ML.Trainers", StringComparison.Ordinal) || t.Name.EndsWith("Trainer", StringComparison.Ordinal) || t.Name.EndsWith("Trainers", StringComparison.Ordinal))
            .Select(t => t.Namespace + "." + t.Name)
            .ToList();

        Assert.True(trainers.Count == 0, "Briefer.Core uses ML.NET training types (training belongs in Briefer.Lab): " + string.Join(", ", trainers));
    }

    [Fact]
    public void App_UsesTheLabOnlyToAddItsVerbs()
    {
        var used = TypeReferences("briefer").Where(t => t.Assembly == Lab).Select(t => t.Name).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["ILabApp", "LabSetup"], used);
    }

    [Fact]
    public void Lab_IsReachableFromTheApp()
    {
        // Guards the test above against passing vacuously (say, if the app stopped adding the lab's verbs).
        var references = Assembly.Load("briefer").GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains(Lab, references);
    }

    /// <summary>Every type an assembly refers to in another assembly: its namespace, name and that assembly's name.</summary>
    private static List<(string Namespace, string Name, string Assembly)> TypeReferences(string assembly)
    {
        using var stream = File.OpenRead(Assembly.Load(assembly).Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var result = new List<(string, string, string)>();
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            var scope = type.ResolutionScope;
            while (scope.Kind == HandleKind.TypeReference)
            {
                scope = metadata.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
            }

            var owner = scope.Kind == HandleKind.AssemblyReference
                ? metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name)
                : assembly;
            result.Add((metadata.GetString(type.Namespace), metadata.GetString(type.Name), owner));
        }

        return result;
    }
}
