using System.Security.Cryptography;
using System.Text.Json;
using Briefer.Cli;
using Briefer.Cli.Eval.Docs;
using Briefer.Core.Documents;
using Briefer.Tests.Cli;

namespace Briefer.Tests.Eval.Docs;

/// <summary><c>eval docs</c> end to end on a tiny set (two pages, three questions) on a real SQLite store, and its checks and failures.</summary>
public sealed class DocsVerbTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "briefer-docs-tests-" + Guid.NewGuid().ToString("N"));

    public DocsVerbTests() => Directory.CreateDirectory(_work);

    public void Dispose()
    {
        _cli.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task EvalDocs_TinySetTwice_ScoresEveryQuestionAndReusesTheCachedStore()
    {
        var dataset = WriteSet("tiny", Questions);
        var cache = Path.Combine(_work, "cache");
        var report = Path.Combine(_work, "report.json");

        var first = await _cli.RunAsync("eval", "docs", "--dataset", dataset, "--cache-dir", cache, "--json", "--out", report);
        var second = await _cli.RunAsync("eval", "docs", "--dataset", dataset, "--cache-dir", cache, "--json");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.Error + first.Output);
        var set = Assert.Single(first.Json().GetProperty("sets").EnumerateArray());
        var figures = set.GetProperty("figures");
        Assert.Equal(2, figures.GetProperty("answerable").GetInt32());
        Assert.Equal(1, figures.GetProperty("unanswerable").GetInt32());
        Assert.Equal(0, figures.GetProperty("unparseable").GetInt32());
        var questions = set.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(3, questions.Count);

        // Each page is about one thing, so the right page comes first; the off-topic question is abstained on.
        Assert.All(questions.Where(q => !q.GetProperty("shouldAbstain").GetBoolean()), q => Assert.Equal(q.GetProperty("doc").GetString(), q.GetProperty("headPage").GetString()));
        Assert.True(questions[2].GetProperty("hit").GetBoolean(), questions[2].ToString());
        Assert.Equal(2, figures.GetProperty("rightPageFirst").GetInt32());

        // The second run reuses the cached store (same build, same pages) and answers the same.
        Assert.True(second.ExitCode == ExitCodes.Ok, second.Error + second.Output);
        var again = Assert.Single(second.Json().GetProperty("sets").EnumerateArray());
        Assert.Equal(set.GetProperty("scope").GetString(), again.GetProperty("scope").GetString());
        Assert.Equal(figures.ToString(), again.GetProperty("figures").ToString());
        Assert.Single(Directory.GetDirectories(cache));
        Assert.Equal(first.Output.Trim(), File.ReadAllText(report).Trim());
    }

    [Fact]
    public async Task EvalDocs_CacheDirReusedFromAnotherClone_EachPageOnceAndTheSameFigures()
    {
        var cloneA = WriteSet("tiny", Questions, Path.Combine(_work, "clone-a"));
        var cloneB = WriteSet("tiny", Questions, Path.Combine(_work, "clone-b"));
        var cache = Path.Combine(_work, "cache");

        var first = await _cli.RunAsync("eval", "docs", "--dataset", cloneA, "--cache-dir", cache, "--json");
        var store = DocsQaCache.DataDirectory(cache, DocsQaDataset.Load(cloneA));
        await IngestByAbsolutePathAsync(store, first.Json().GetProperty("sets")[0].GetProperty("scope").GetString()!, Path.Combine(cloneA, "docs"));
        var second = await _cli.RunAsync("eval", "docs", "--dataset", cloneB, "--cache-dir", cache, "--json");

        Assert.True(second.ExitCode == ExitCodes.Ok, second.Error + second.Output);
        var before = first.Json().GetProperty("sets")[0];
        var after = second.Json().GetProperty("sets")[0];
        Assert.Equal(before.GetProperty("figures").ToString(), after.GetProperty("figures").ToString());
        Assert.Equal(["alpha.md", "beta.md"], after.GetProperty("questions").EnumerateArray().Take(2).Select(q => q.GetProperty("headPage").GetString()));
        Assert.Equal(2, CountDocuments(store));
    }

    [Fact]
    public async Task EvalDocsCheck_GoldNotInPage_FailsNamingTheGold()
    {
        var dataset = WriteSet("bad-gold", Questions.Replace("\"4711\"", "\"4712\"", StringComparison.Ordinal));

        var result = await _cli.RunAsync("eval", "docs", "--dataset", dataset, "--check");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("gold \"4712\" is not in alpha.md", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalDocsCheck_TinySet_ReportsTooFewQuestionsAndTheRecordedFreeze()
    {
        var dataset = WriteSet("few", Questions);

        var result = await _cli.RunAsync("eval", "docs", "--dataset", dataset, "--check", "--json");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var check = Assert.Single(result.Json().EnumerateArray());
        Assert.Equal("README.md", check.GetProperty("freezeRecordedIn").GetString());
        var problems = check.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("2 answerable questions; a set needs at least 30", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("1 unanswerable questions; a set needs at least 15", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvalDocs_MissingFolder_OneLineError()
    {
        var result = await _cli.RunAsync("eval", "docs", "--dataset", Path.Combine(_work, "nowhere"));

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.StartsWith("error: The dataset folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalDocs_OutFolderMissing_OneLineErrorBeforeAsking()
    {
        var dataset = WriteSet("out", Questions);

        var result = await _cli.RunAsync("eval", "docs", "--dataset", dataset, "--out", Path.Combine(_work, "nowhere", "report.json"));

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.StartsWith("error: --out: the folder", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("ingesting", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"q\": \"x\"", "is not a JSON array of questions")]
    [InlineData("[{\"q\": \"what port?\", \"doc\": \"gamma.md\", \"gold\": [\"1\"], \"abstain\": false, \"kind\": \"default\"}]", "\"doc\" 'gamma.md' is not a file in docs/")]
    [InlineData("[{\"q\": \"what port?\", \"doc\": \"alpha.md\", \"gold\": [], \"abstain\": false, \"kind\": \"default\"}]", "needs 1-3 non-empty \"gold\" strings")]
    [InlineData("{}", "is not a JSON array of questions")]
    [InlineData("{\"q\": \"x\"}", "is not a JSON array of questions")]
    public async Task EvalDocs_MalformedQuestions_OneLineError(string questions, string expected)
    {
        var dataset = WriteSet("malformed", questions);

        var result = await _cli.RunAsync("eval", "docs", "--dataset", dataset);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
    }

    private const string Questions = """
        [
         {"q": "whats the default port the quokka server listens on", "doc": "alpha.md", "gold": ["4711"], "abstain": false, "kind": "default", "alt_docs": []},
         {"q": "how often does zephyr write its backups?", "doc": "beta.md", "gold": ["every 6 hours"], "abstain": false, "kind": "when", "alt_docs": []},
         {"q": "who painted the mona lisa", "abstain": true, "kind": "not-covered", "why": "neither page is about paintings"}
        ]
        """;

    /// <summary>What a cache filled before pages were stored by set and name holds: the pages under their absolute paths.</summary>
    private async Task IngestByAbsolutePathAsync(string dataDirectory, string scope, string docs)
    {
        var settings = new CliSettings(dataDirectory, new ScopeId(scope), false);
        using var host = await BrieferHost.StartAsync(settings, CancellationToken.None);
        Assert.Equal(ExitCodes.Ok, await LabVerbs.Instance.IngestAsync(host, new VerbContext(settings, TextWriter.Null, TextWriter.Null), [docs], CancellationToken.None));
        await host.StopAsync();
    }

    private static long CountDocuments(string dataDirectory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "briefer.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM documents";
        return (long)command.ExecuteScalar()!;
    }

    private string WriteSet(string name, string questions, string? parent = null)
    {
        var folder = Path.Combine(parent ?? _work, name);
        Directory.CreateDirectory(Path.Combine(folder, "docs"));
        File.WriteAllText(Path.Combine(folder, "docs", "alpha.md"), """
            # Quokka server

            Quokka is a small key-value server written for this test.

            ## Network

            The Quokka server listens on port 4711 by default. Set `--port` to change it.
            """);
        File.WriteAllText(Path.Combine(folder, "docs", "beta.md"), """
            # Zephyr backups

            Zephyr is a backup tool for home folders.

            ## Schedule

            Zephyr writes its backups every 6 hours to the /var/lib/zephyr folder. Old backups are removed after 30 days.
            """);
        File.WriteAllText(Path.Combine(folder, "questions.json"), questions);
        File.WriteAllText(Path.Combine(folder, "README.md"), "sha256 of questions.json: " + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "questions.json")))) + "\n");
        return folder;
    }
}
