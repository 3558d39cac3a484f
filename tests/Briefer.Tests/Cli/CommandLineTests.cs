using System.Text.Json;
using Briefer.Cli;

namespace Briefer.Tests.Cli;

/// <summary>What the command line itself does with wrong input and with <c>--help</c>: usage errors, JSON errors, which options each verb lists.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Parse_UnknownOptionWithJson_ErrorAsJsonExit2()
    {
        var result = await _cli.RunAsync("ask", "Why?", "--bogus", "--json");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--bogus", result.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Theory]
    [InlineData("ingest", "--bogus", "x.md")]
    [InlineData("forget", "--bogus")]
    [InlineData("ask", "--bogus", "Why?")]
    public async Task Parse_UnknownOptionWhereAnArgumentFits_UsageErrorExit2(params string[] args)
    {
        var text = await _cli.RunAsync(args);
        var json = await _cli.RunAsync([.. args, "--json"]);

        Assert.Equal(ExitCodes.Usage, text.ExitCode);
        Assert.Contains("Unrecognized option '--bogus'", text.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, json.ExitCode);
        Assert.Contains("--bogus", json.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--min-confidence must be a number from 0 to 1", "autoanswer", "add", "--guild", "1", "--channel", "2", "--min-confidence", "7")]
    [InlineData("Name the document to forget", "forget")]
    [InlineData("'frob'", "autoanswer", "frob")]
    [InlineData("ask", "ask")]
    public async Task Parse_VerbUsageError_OneLineWithTheMessageAndWhereHelpIs_NoHelpDump(string expected, params string[] args)
    {
        var result = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.EndsWith($"{args[0]} --help", line.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Parse_QuotedQuestionStartingWithDashes_IsTheQuestion()
    {
        var result = await _cli.RunAsync("ask", "--port default?", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("--port default?", result.Json().GetProperty("question").GetString());
    }

    [Fact]
    public async Task Parse_DashArgumentAfterDoubleDash_IsAnArgument()
    {
        var result = await _cli.RunAsync("ingest", "--data-dir", _cli.DataDirectory, "--", "-missing.md");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("-missing.md: no such file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Demo_ScopeDefaultIsDemo()
    {
        var result = await _cli.RunAsync("demo", "--help");

        Assert.Contains("[default: demo]", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[default: local]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_BadOptionValueWithJson_ErrorAsJsonExit2()
    {
        var result = await _cli.RunAsync("autoanswer", "add", "--guild", "abc", "--channel", "600", "--json");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--guild must be a Discord id", result.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_UnknownOptionWithoutJson_TextErrorExit2()
    {
        var result = await _cli.RunAsync("ask", "Why?", "--bogus");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--bogus", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("{", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", false, false)]
    [InlineData("health", false, true)]
    [InlineData("autoanswer", false, true)]
    [InlineData("ask", true, true)]
    [InlineData("doctor", true, true)]
    public async Task Help_ListsScopeAndJsonOnlyWhereTheyApply(string verb, bool scope, bool json)
    {
        var result = await _cli.RunAsync(verb, "--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(scope, result.Output.Contains("--scope", StringComparison.Ordinal));
        Assert.Equal(json, result.Output.Contains("--json", StringComparison.Ordinal));
        Assert.Contains("--data-dir", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ScopeGiven_UsageError()
    {
        var result = await _cli.RunAsync("run", "--scope", "111");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task Ingest_FolderWithoutSupportedFiles_SaysSoAndExits1()
    {
        var folder = Path.Combine(_cli.DataDirectory, "nothing-here");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "picture.xyz"), "not a document");

        var result = await _cli.RunAsync("ingest", folder);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains($"error: {folder}: no supported files in this folder (supported: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(".md", result.Error, StringComparison.Ordinal);
        Assert.Contains("Ingested 0 of 0 documents into scope 'local'; 1 folder had nothing to load.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_EmptyFolderWithJson_ListedAmongTheErrors()
    {
        var folder = Path.Combine(_cli.DataDirectory, "empty");
        Directory.CreateDirectory(folder);

        var result = await _cli.RunAsync("ingest", folder, "--json");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var error = Assert.Single(result.Json().GetProperty("errors").EnumerateArray());
        Assert.Equal(folder, error.GetProperty("path").GetString());
        Assert.StartsWith("no supported files", error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NoHealthFile_UnhealthyExit1NamingHowToStartTheBot()
    {
        var result = await _cli.RunAsync("health");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("the bot is not running (start it with: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(" run)", result.Error, StringComparison.Ordinal);
    }
}
