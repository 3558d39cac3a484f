using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Briefer.Tests.Architecture;

/// <summary>
/// Which namespaces of one assembly use which, read from its metadata: base types and interfaces, field, property and
/// method signatures, attributes, generic constraints, local variables, and every type, method and field token in the
/// method bodies. Compiler-generated nested types (lambdas, iterators, async state machines) count as their
/// declaring type. Only the assembly's own namespaces under <c>Briefer</c> are nodes.
/// </summary>
internal sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private NamespaceGraph(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges) => Edges = edges;

    /// <summary>For each namespace, the namespaces it uses, each with one type that shows the use ("From → To").</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Edges { get; }

    public static NamespaceGraph Read(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        return new Reader(pe.GetMetadataReader(), pe).Read();
    }

    /// <summary>
    /// The graph of the features under <paramref name="root"/>: each namespace counts as its first level below the root
    /// (<c>Briefer.Bot.Ask</c> as <c>Briefer.Bot</c>), and the root namespace itself — the composition root, with the
    /// setup, the service facade and logging, which every feature may use and which uses every feature — is left out.
    /// </summary>
    public NamespaceGraph Features(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (from, targets) in Edges)
        {
            foreach (var (to, via) in targets)
            {
                if (Feature(root, from) is { } a && Feature(root, to) is { } b && a != b)
                {
                    var e = edges.TryGetValue(a, out var existing) ? existing : edges[a] = new(StringComparer.Ordinal);
                    e.TryAdd(b, $"{from} → {to}: {via}");
                }
            }
        }

        return new NamespaceGraph(edges.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value, StringComparer.Ordinal));
    }

    private static string? Feature(string root, string name)
    {
        if (!name.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var dot = name.IndexOf('.', root.Length + 1);
        return dot < 0 ? name : name[..dot];
    }

    /// <summary>The cycles: strongly connected groups of more than one namespace, each sorted, once the <paramref name="ignored"/> edges are taken out.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles(IEnumerable<(string From, string To)> ignored)
    {
        var skip = ignored.ToHashSet();
        var nodes = Edges.Keys.Concat(Edges.Values.SelectMany(e => e.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<string>>();
        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Connect(node);
        }

        return result;

        // Tarjan's strongly connected components.
        void Connect(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Edges.TryGetValue(v, out var next) ? next.Keys.Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
            {
                if (skip.Contains((v, w)))
                {
                    continue;
                }

                if (!index.ContainsKey(w))
                {
                    Connect(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);

                if (component.Count > 1)
                {
                    result.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }
    }

    private sealed class Reader(MetadataReader metadata, PEReader pe)
    {
        private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);
        private readonly TypeCollector _collector = new();

        public NamespaceGraph Read()
        {
            foreach (var handle in metadata.TypeDefinitions)
            {
                var type = metadata.GetTypeDefinition(handle);
                var from = NamespaceOf(handle);
                if (from is null)
                {
                    continue;
                }

                var name = metadata.GetString(type.Name);
                var uses = new List<TypeDefinitionHandle>();
                AddEntity(type.BaseType, uses);
                foreach (var i in type.GetInterfaceImplementations())
                {
                    AddEntity(metadata.GetInterfaceImplementation(i).Interface, uses);
                }

                AddAttributes(type.GetCustomAttributes(), uses);
                AddGenericParameters(type.GetGenericParameters(), uses);
                foreach (var f in type.GetFields())
                {
                    var field = metadata.GetFieldDefinition(f);
                    uses.AddRange(field.DecodeSignature(_collector, null));
                    AddAttributes(field.GetCustomAttributes(), uses);
                }

                foreach (var p in type.GetProperties())
                {
                    var property = metadata.GetPropertyDefinition(p);
                    AddSignature(property.DecodeSignature(_collector, null), uses);
                    AddAttributes(property.GetCustomAttributes(), uses);
                }

                foreach (var m in type.GetMethods())
                {
                    var method = metadata.GetMethodDefinition(m);
                    AddSignature(method.DecodeSignature(_collector, null), uses);
                    AddAttributes(method.GetCustomAttributes(), uses);
                    AddGenericParameters(method.GetGenericParameters(), uses);
                    foreach (var parameter in method.GetParameters())
                    {
                        AddAttributes(metadata.GetParameter(parameter).GetCustomAttributes(), uses);
                    }

                    if (method.RelativeVirtualAddress != 0)
                    {
                        AddBody(pe.GetMethodBody(method.RelativeVirtualAddress), uses);
                    }
                }

                foreach (var used in uses)
                {
                    if (NamespaceOf(used) is { } to && to != from)
                    {
                        var edges = _edges.TryGetValue(from, out var e) ? e : _edges[from] = new(StringComparer.Ordinal);
                        edges.TryAdd(to, $"{name} → {metadata.GetString(metadata.GetTypeDefinition(used).Name)}");
                    }
                }
            }

            return new NamespaceGraph(_edges.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value, StringComparer.Ordinal));
        }

        /// <summary>The namespace of a type this assembly defines (a nested type's is its outermost declaring type's); null outside <c>Briefer</c>.</summary>
        private string? NamespaceOf(TypeDefinitionHandle handle)
        {
            var type = metadata.GetTypeDefinition(handle);
            while (type.GetDeclaringType() is { IsNil: false } outer)
            {
                type = metadata.GetTypeDefinition(outer);
            }

            var name = metadata.GetString(type.Namespace);
            return name == "Briefer" || name.StartsWith("Briefer.", StringComparison.Ordinal) ? name : null;
        }

        private void AddSignature(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature, List<TypeDefinitionHandle> uses)
        {
            uses.AddRange(signature.ReturnType);
            foreach (var parameter in signature.ParameterTypes)
            {
                uses.AddRange(parameter);
            }
        }

        private void AddAttributes(CustomAttributeHandleCollection attributes, List<TypeDefinitionHandle> uses)
        {
            foreach (var a in attributes)
            {
                AddEntity(metadata.GetCustomAttribute(a).Constructor, uses);
            }
        }

        private void AddGenericParameters(GenericParameterHandleCollection parameters, List<TypeDefinitionHandle> uses)
        {
            foreach (var p in parameters)
            {
                foreach (var c in metadata.GetGenericParameter(p).GetConstraints())
                {
                    AddEntity(metadata.GetGenericParameterConstraint(c).Type, uses);
                }
            }
        }

        private void AddBody(MethodBodyBlock body, List<TypeDefinitionHandle> uses)
        {
            if (!body.LocalSignature.IsNil)
            {
                foreach (var local in metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_collector, null))
                {
                    uses.AddRange(local);
                }
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                short code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = (short)(0xFE00 | il.ReadByte());
                }

                switch (OperandTypes[code])
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                        AddEntity(MetadataTokens.EntityHandle(il.ReadInt32()), uses);
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString or OperandType.ShortInlineR:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                }
            }
        }

        /// <summary>The types a type, member or method-instantiation handle names (declaring types and signatures).</summary>
        private void AddEntity(EntityHandle handle, List<TypeDefinitionHandle> uses)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    uses.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    uses.AddRange(metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_collector, null));
                    break;
                case HandleKind.MethodDefinition:
                    uses.Add(metadata.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    uses.Add(metadata.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = metadata.GetMemberReference((MemberReferenceHandle)handle);
                    AddEntity(member.Parent, uses);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        AddSignature(member.DecodeMethodSignature(_collector, null), uses);
                    }
                    else
                    {
                        uses.AddRange(member.DecodeFieldSignature(_collector, null));
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var spec = metadata.GetMethodSpecification((MethodSpecificationHandle)handle);
                    AddEntity(spec.Method, uses);
                    foreach (var argument in spec.DecodeSignature(_collector, null))
                    {
                        uses.AddRange(argument);
                    }

                    break;
            }
        }
    }

    /// <summary>Decodes a signature into the types of this assembly it names.</summary>
    private sealed class TypeCollector : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        private static readonly ImmutableArray<TypeDefinitionHandle> None = [];

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(a => a)];

        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;

        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;

        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => None;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
