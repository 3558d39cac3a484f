using Briefer.Cli;

namespace Briefer.Tests.Cli;

public sealed class DemoVerbTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Demo_Default_LoadsSamplesIntoDemoScopeAndLeavesLocalEmpty()
    {
        var demo = await _cli.RunAsync("demo");

        var local = (await _cli.RunAsync("sources", "--json")).Json();
        var demoScope = (await _cli.RunAsync("sources", "--scope", "demo", "--json")).Json();
        Assert.Equal(ExitCodes.Ok, demo.ExitCode);
        Assert.Equal(0, local.GetProperty("documents").GetArrayLength());
        Assert.Equal(Directory.GetFiles(DemoVerb.FindSamples()!).Length, demoScope.GetProperty("documents").GetArrayLength());
        Assert.Contains("scope 'demo'", demo.Output, StringComparison.Ordinal);
        Assert.Contains(_cli.DataDirectory, demo.Output, StringComparison.Ordinal);
        // The hints repeat the data directory the demo used, so following them finds the samples.
        Assert.Contains($"forget --scope demo --data-dir {_cli.DataDirectory} --all", demo.Output, StringComparison.Ordinal);
        Assert.Contains($"ask --scope demo --data-dir {_cli.DataDirectory} \"", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_FromTheCloneThenTheInstalledToolsCopy_OneDocumentPerSample()
    {
        var clone = DemoVerb.FindSamples()!;
        var installed = Path.Combine(AppContext.BaseDirectory, "samples");
        Assert.NotEqual(LocalFilesPath(clone), LocalFilesPath(installed));

        var first = await _cli.RunAsync("demo", "--json");
        var second = await _cli.RunAsync("demo", "--samples", installed, "--json");

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        var documents = (await _cli.RunAsync("sources", "--scope", "demo", "--json")).Json().GetProperty("documents").EnumerateArray()
            .Select(d => d.GetProperty("source").GetString()!).ToList();
        Assert.Equal(Directory.GetFiles(clone).Length, documents.Count);
        Assert.All(documents, s => Assert.StartsWith("samples/", s, StringComparison.Ordinal));
    }

    private static string LocalFilesPath(string folder) => Briefer.Sources.LocalFiles.RealPath(folder);

    [Fact]
    public async Task Demo_Answer_ListsEachDocumentOnceAndTitleKeepsTheAcronym()
    {
        var demo = await _cli.RunAsync("demo");

        var sourceLines = demo.Output.ReplaceLineEndings("\n").Split('\n').SkipWhile(l => l != "Sources:").Skip(1).TakeWhile(l => l.Length > 0).Where(l => l.StartsWith('[')).ToList();
        Assert.NotEmpty(sourceLines);
        Assert.Equal(sourceLines.Count, sourceLines.Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..]).Distinct().Count());
        Assert.Contains(sourceLines, l => l.Contains("] US calls off second strike — ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_WithScope_UsesThatScope()
    {
        await _cli.RunAsync("demo", "--scope", "trial");

        var trial = (await _cli.RunAsync("sources", "--scope", "trial", "--json")).Json();
        var demoScope = (await _cli.RunAsync("sources", "--scope", "demo", "--json")).Json();
        Assert.NotEqual(0, trial.GetProperty("documents").GetArrayLength());
        Assert.Equal(0, demoScope.GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public async Task ForgetAll_DemoScope_EmptiesItAndLeavesOtherScopes()
    {
        await _cli.RunAsync("demo");
        await _cli.RunAsync("ingest", DemoVerb.FindSamples()!, "--scope", "keep");

        var forgot = await _cli.RunAsync("forget", "--all", "--scope", "demo", "--json");
        var again = await _cli.RunAsync("forget", "--all", "--scope", "demo");

        Assert.Equal(ExitCodes.Ok, forgot.ExitCode);
        Assert.NotEqual(0, forgot.Json().GetProperty("removed").GetInt32());
        Assert.Equal(0, (await _cli.RunAsync("sources", "--scope", "demo", "--json")).Json().GetProperty("documents").GetArrayLength());
        Assert.NotEqual(0, (await _cli.RunAsync("sources", "--scope", "keep", "--json")).Json().GetProperty("documents").GetArrayLength());
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Contains("nothing to forget", again.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("forget", "--all")]                                       // a whole scope needs --scope
    [InlineData("forget")]                                                // nothing named
    [InlineData("forget", "0123456789abcdef", "--all", "--scope", "demo")] // both
    public async Task Forget_AmbiguousRequest_IsAUsageErrorAndRemovesNothing(params string[] args)
    {
        await _cli.RunAsync("demo");

        var result = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.NotEqual(0, (await _cli.RunAsync("sources", "--scope", "demo", "--json")).Json().GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public async Task Ask_EmptyLocalScopeAfterDemo_PointsToTheDemoScope()
    {
        await _cli.RunAsync("demo");

        var ask = await _cli.RunAsync("ask", "Why did the US call off the second strike?");

        Assert.Contains("--scope demo", ask.Output, StringComparison.Ordinal);
    }

    /// <summary>Fake paths of a Unix machine (only the strings are compared; nothing is read).</summary>
    [Theory]
    [InlineData("/usr/bin/dotnet", "/repo", "/repo", null, "dotnet run --project src/Briefer --")]
    [InlineData("/repo/src/Briefer/bin/Release/net10.0/briefer", "/repo", "/repo", null, "dotnet run -c Release --project src/Briefer --")]
    [InlineData("/repo/src/Briefer/bin/Debug/net10.0/briefer", "/repo", "/repo", null, "dotnet run --project src/Briefer --")]
    [InlineData("/repo/src/Briefer/bin/Release/net10.0/briefer", "/repo", "/repo/docs", null, "dotnet run -c Release --project /repo/src/Briefer --")]
    [InlineData("/repo/src/Briefer/bin/Release/net10.0/publish/briefer", "/repo", "/repo", null, "src/Briefer/bin/Release/net10.0/publish/briefer")]
    [InlineData("/repo/out/briefer", "/repo", "/repo/out", null, "./briefer")]
    [InlineData("/home/ana/.dotnet/tools/briefer", null, "/home/ana", "/usr/bin:/home/ana/.dotnet/tools", "briefer")]
    [InlineData("/opt/briefer/briefer", null, "/home/ana", "/usr/bin", "/opt/briefer/briefer")]
    [InlineData("/usr/bin/dotnet", null, "/", null, "dotnet app/briefer.dll")]
    public void InvocationFor_HowItWasLaunched_NamesTheCommandAsTheUserRanIt(string process, string? repository, string currentDirectory, string? path, string expected)
    {
        var entry = repository is null && process.EndsWith("dotnet", StringComparison.Ordinal) ? "/app/briefer.dll" : Path.Combine(Path.GetDirectoryName(process)!, "briefer.dll");

        Assert.Equal(expected, SourceCheckout.InvocationFor(new SourceCheckout.Launch(process, entry, repository, currentDirectory, path)));
    }

    [Theory]
    [InlineData("/repo/src/Briefer/bin/Release/net10.0/briefer.dll", "dotnet run -c Release --project src/Briefer --")]
    [InlineData("/repo/src/Briefer/bin/Debug/net10.0/briefer.dll", "dotnet run --project src/Briefer --")]
    public void InvocationFor_DotnetOfTheBuiltDll_NamesItsConfiguration(string entry, string expected)
    {
        Assert.Equal(expected, SourceCheckout.InvocationFor(new SourceCheckout.Launch("/usr/bin/dotnet", entry, "/repo", "/repo", null)));
    }
}
