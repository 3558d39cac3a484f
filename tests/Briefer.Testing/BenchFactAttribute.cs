using Xunit;

namespace Briefer.Testing;

/// <summary>
/// A timing benchmark: asserts a latency target that a loaded 2-core CI machine may miss, so it runs only when
/// <c>BRIEFER_BENCH=1</c> is set (select with <c>--filter Category=Bench</c>); otherwise it is skipped, with the reason.
/// The default tests keep the hard limits (Discord's 3 s) that hold on any machine.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BenchFactAttribute : FactAttribute
{
    public const string Variable = "BRIEFER_BENCH";

    public BenchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"A benchmark: set {Variable}=1 to run it (dotnet test --filter Category=Bench).";
        }
    }
}
