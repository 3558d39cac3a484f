using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Briefer.Cli.Eval;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli.Bench;

/// <summary>
/// <c>briefer bench</c>: ingestion throughput, warm <c>ask</c>/<c>brief</c> latency at several store sizes, and cold
/// start-to-answer, each on a fresh temporary store (never the user's data directory). Not part of <c>dotnet test</c>
/// (a smoke run is); the figures live in docs/benchmarks.md.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(Func<ParseResult, CliSettings> settings, ILabApp app)
    {
        var dataset = new Option<string>("--dataset") { Description = "A BEIR folder whose corpus is ingested and whose queries are asked (e.g. ../shared/eval/scifact).", Required = true };
        var documents = new Option<int?>("--documents") { Description = "Ingest only the first N documents in the ingestion benchmark (default: the whole corpus)." };
        var sizes = new Option<int[]>("--chunks") { Description = "Store sizes, in chunks, for the ask/brief latency runs.", DefaultValueFactory = _ => [5_000, 100_000], AllowMultipleArgumentsPerToken = true };
        var questions = new Option<int>("--questions") { Description = "Timed questions per store size (SciFact test queries, repeated if needed).", DefaultValueFactory = _ => 200 };
        var realDocuments = new Option<int>("--real-documents") { Description = "Real, model-embedded documents in each latency store; the rest is generated.", DefaultValueFactory = _ => 500 };
        var coldRuns = new Option<int>("--cold-runs") { Description = "Cold CLI runs (new process each) against the first store size; 0 to skip.", DefaultValueFactory = _ => 5 };
        var skipIngest = new Option<bool>("--skip-ingest") { Description = "Skip the ingestion benchmark." };
        var skipLatency = new Option<bool>("--skip-latency") { Description = "Skip the ask/brief latency runs at --chunks (and the cold runs)." };
        var scopes = new Option<int>("--scopes") { Description = "Also run the many-scopes benchmark with this many scopes (e.g. 1000): ask latency and memory under Store:VectorCacheBytes with Zipf-distributed traffic; 0 to skip.", DefaultValueFactory = _ => 0 };
        var scopeChunks = new Option<int>("--scope-chunks") { Description = "Chunks per scope in the many-scopes benchmark.", DefaultValueFactory = _ => 1000 };
        var zipf = new Option<double>("--zipf") { Description = "The Zipf exponent of the many-scopes traffic (1 = the r-th busiest scope gets 1/r of the busiest one's questions).", DefaultValueFactory = _ => 1.0 };
        var scopeQuestions = new Option<int>("--scope-questions") { Description = "Timed questions in the many-scopes benchmark (after 500 warm-up questions).", DefaultValueFactory = _ => 2000 };
        var cacheBytes = new Option<long?>("--vector-cache-bytes") { Description = "Store:VectorCacheBytes for the many-scopes benchmark (default: the configured budget)." };
        var workDir = new Option<string?>("--work-dir") { Description = "Keep the latency and many-scopes stores under this folder and reuse them on the next run (same sizes), instead of temporary ones." };
        var bench = new Command("bench", "Measure ingestion throughput, warm ask/brief latency (p50/p95/p99), cold start-to-answer, and (with --scopes) memory and latency across many scopes.")
        {
            dataset, documents, sizes, questions, realDocuments, coldRuns, skipIngest, skipLatency, scopes, scopeChunks, zipf, scopeQuestions, cacheBytes, workDir,
        };
        bench.SetAction((r, ct) => RunAsync(
            app,
            r,
            settings(r),
            new BenchPlan(r.GetValue(dataset)!, r.GetValue(documents), r.GetValue(skipLatency) ? [] : r.GetValue(sizes) ?? [], r.GetValue(questions), r.GetValue(realDocuments), r.GetValue(coldRuns), r.GetValue(skipIngest),
                new ScopesPlan(r.GetValue(scopes), r.GetValue(scopeChunks), r.GetValue(zipf), r.GetValue(scopeQuestions), r.GetValue(cacheBytes)), r.GetValue(workDir)),
            ct));
        bench.Subcommands.Add(FormatBenchmark.Create(settings, app));
        return bench;
    }

    private static async Task<int> RunAsync(ILabApp app, ParseResult parseResult, CliSettings settings, BenchPlan plan, CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        var output = parseResult.InvocationConfiguration.Output;
        if (plan.Questions < 1 || plan.Sizes.Any(s => s < 1))
        {
            error.WriteLine("error: --questions and --chunks must be positive.");
            return ExitCodes.Usage;
        }

        if (plan.Scopes.Count < 0 || plan.Scopes.ChunksPerScope < 1 || plan.Scopes.Questions < 1 || plan.Scopes.Zipf < 0)
        {
            error.WriteLine("error: --scopes must be 0 or more, --scope-chunks and --scope-questions positive, --zipf 0 or more.");
            return ExitCodes.Usage;
        }

        IngestBenchResult? ingest = null;
        var queries = new List<QueryBenchResult>();
        LatencyStats? cold = null;
        BeirDataset? dataset = null;

        if (!plan.SkipIngest)
        {
            var code = await InStoreAsync(app, parseResult, settings, async (host, context, _) =>
            {
                dataset ??= BeirDataset.Load(plan.Dataset);
                var corpus = plan.Documents is { } n ? dataset.Corpus.Take(n).ToList() : dataset.Corpus;
                ingest = await IngestBenchmark.RunAsync(host.Services, corpus, context.Settings.Scope, context.Error, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken).ConfigureAwait(false);
            if (code != ExitCodes.Ok)
            {
                return code;
            }
        }

        for (var i = 0; i < plan.Sizes.Count; i++)
        {
            var size = plan.Sizes[i];
            var coldHere = i == 0 && plan.ColdRuns > 0;
            var code = await InStoreAsync(app, parseResult, settings, async (host, context, folder) =>
            {
                dataset ??= BeirDataset.Load(plan.Dataset);
                var built = await QueryBenchmark.BuildStoreAsync(host.Services, dataset, context.Settings.Scope, size, plan.RealDocuments, folder, context.Error, cancellationToken).ConfigureAwait(false);
                var questions = Enumerable.Range(0, plan.Questions).Select(q => dataset.Queries[q % dataset.Queries.Count].Text).ToList();
                queries.Add(await QueryBenchmark.RunAsync(host.Services, context.Settings.Scope, questions, brief: false, built, cancellationToken).ConfigureAwait(false));
                queries.Add(await QueryBenchmark.RunAsync(host.Services, context.Settings.Scope, questions, brief: true, built, cancellationToken).ConfigureAwait(false));
                if (coldHere)
                {
                    // The child opens the same database while this host holds it: SQLite in WAL mode allows concurrent readers.
                    cold = await ColdStartBenchmark.RunAsync(folder, context.Settings.Scope.Value, questions, plan.ColdRuns, cancellationToken).ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }, cancellationToken, plan.WorkDir is null ? null : Path.Combine(plan.WorkDir, $"chunks-{size}")).ConfigureAwait(false);
            if (code != ExitCodes.Ok)
            {
                return code;
            }
        }

        MultiScopeBenchResult? many = null;
        if (plan.Scopes.Count > 0)
        {
            var scoped = plan.Scopes.CacheBytes is { } bytes
                ? settings with { Settings = new Dictionary<string, string?> { ["Store:VectorCacheBytes"] = bytes.ToString(CultureInfo.InvariantCulture) } }
                : settings;
            var code = await InStoreAsync(app, parseResult, scoped, async (host, context, folder) =>
            {
                dataset ??= BeirDataset.Load(plan.Dataset);
                many = await MultiScopeBenchmark.RunAsync(host.Services, dataset, folder, plan.Scopes.Count, plan.Scopes.ChunksPerScope, plan.Scopes.Zipf, plan.Scopes.Questions, context.Error, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken, plan.WorkDir is null ? null : Path.Combine(plan.WorkDir, $"scopes-{plan.Scopes.Count}x{plan.Scopes.ChunksPerScope}")).ConfigureAwait(false);
            if (code != ExitCodes.Ok)
            {
                return code;
            }
        }

        var result = new BenchJson(Machine(), ingest, queries, cold, many);
        if (settings.Json)
        {
            output.WriteLine(BenchJsonContext.Serialize(result));
        }
        else
        {
            Print(output, result);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> InStoreAsync(ILabApp app, ParseResult parseResult, CliSettings settings, Func<IHost, VerbContext, string, Task<int>> verb, CancellationToken cancellationToken, string? workDir = null)
    {
        var folder = workDir is null ? Path.Combine(Path.GetTempPath(), "briefer-bench-" + Guid.NewGuid().ToString("N")) : Path.GetFullPath(workDir);
        try
        {
            return await app.RunVerbAsync(parseResult, settings with { DataDirectory = folder }, (host, context) => verb(host, context, folder), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (workDir is null && Directory.Exists(folder))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static MachineJson Machine()
    {
        var processor = "unknown";
        try
        {
            processor = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? processor;
        }
        catch (IOException)
        {
            // Not Linux.
        }

        return new MachineJson(RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, Environment.ProcessorCount, processor);
    }

    private static void Print(TextWriter o, BenchJson result)
    {
        var m = result.Machine;
        o.WriteLine($"machine: {m.Processor}, {m.ProcessorCount} cores, {m.Os}, {m.Runtime}");
        if (result.Ingest is { } i)
        {
            o.WriteLine();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingest: {i.Documents} documents, {i.Chunks} chunks, {i.Tokens} tokens in {i.TotalSeconds:F1} s (model load {i.ModelLoadSeconds:F2} s, not counted)"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {i.DocumentsPerSecond:F1} documents/s, {i.ChunksPerSecond:F1} chunks/s, {i.TokensPerSecond:F0} tokens/s; peak memory {i.PeakMemoryMb:F0} MB"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  stages: extract+chunk {i.ExtractChunkSeconds:F1} s, embed {i.EmbedSeconds:F1} s ({i.EmbedTokensPerSecond:F0} tokens/s), store {i.StoreSeconds:F1} s"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pipeline / embedding-only throughput: {i.PipelineShare:P1}"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU time {i.CpuSeconds:F1} s: {i.TokensPerCpuSecondAllCores:F0} tokens per CPU-second x {Environment.ProcessorCount} cores (the rate with the cores to itself)"));
            o.WriteLine($"  embedding reference: {i.ReferenceEmbedding}");
        }

        foreach (var q in result.Queries)
        {
            o.WriteLine();
            o.WriteLine($"{q.Verb} at {q.StoreChunks} chunks ({q.RealChunks} real), {q.Total.Count} questions, warm, in-process:");
            o.WriteLine($"  embed query  {q.EmbedQuery}");
            o.WriteLine($"  retrieve     {q.Retrieve}");
            o.WriteLine($"  compose      {q.Compose}");
            if (q.ComposeToEmbedP50 is { } p50 && q.ComposeToEmbedP95 is { } p95)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (compose / embed query: p50 {p50:F2}, p95 {p95:F2}; process CPU, means: {q.ComposeToEmbedCpu:F2}; model runs per question {q.ModelRunsPerQuestion:F2})"));
            }

            if (q.ComposeAgain is { Count: > 0 } again)
            {
                o.WriteLine($"  (compose, same evidence again: {again}   <- no model run: what composing costs besides the model)");
                if (q.ComposeAgainCpu is { Count: > 0 } againCpu)
                {
                    o.WriteLine($"  (compose again, process CPU: {againCpu})");
                }
            }

            if (q.ChunksKeptShare is { } keptShare)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (chunks whose analysis was kept from an earlier question, first sight: {keptShare:P1})"));
            }
            o.WriteLine($"  total        {q.Total}   <- first sight: the stages above, each question's terms and sentences new");
            o.WriteLine($"  via service  {q.EndToEnd}   <- second sight: the same questions again, through IBriefingService");
            if (q.EndToEndAfterWrite is { } afterWrite)
            {
                o.WriteLine($"  after write  {afterWrite}   <- the same again, right after a one-document write to the store");
            }

            o.WriteLine($"  (BM25 alone  {q.KeywordOnly})");
            if (q.KeywordOnePass is { Count: > 0 } onePass)
            {
                o.WriteLine($"  (BM25 one pass, as before: {onePass})");
                o.WriteLine($"  (BM25 thread CPU: two-pass {q.KeywordOnlyCpu}; one pass {q.KeywordOnePassCpu})");
                if (q.KeywordAfterWriteCpu is { Count: > 0 } afterWriteCpu)
                {
                    o.WriteLine($"  (BM25 thread CPU right after a write: {afterWriteCpu})");
                }
            }

            o.WriteLine($"  (dense alone {q.DenseOnly})");
            if (q.FilteredP95Ratio is { } ratio)
            {
                o.WriteLine($"  search, no visibility filter  {q.Unfiltered}");
                o.WriteLine($"  search, member's filter       {q.Filtered}");
                o.WriteLine($"  (process CPU: no filter {q.UnfilteredCpu}; member's filter {q.FilteredCpu})");
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (filtered p95 / unfiltered p95: wall {ratio:F3}, process CPU {q.FilteredCpuP95Ratio:F3})"));
            }
        }

        if (result.ColdStart is { } c)
        {
            o.WriteLine();
            o.WriteLine($"cold CLI start-to-answer ({c.Count} runs, new process each): {c}");
        }

        if (result.Scopes is { } s)
        {
            var mb = 1024.0 * 1024.0;
            o.WriteLine();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ask across {s.Scopes} scopes x {s.ChunksPerScope} chunks, Zipf s = {s.ZipfExponent}, {s.Ask.Count} questions touching {s.DistinctScopes} scopes, vector cache budget {s.BudgetBytes / mb:F0} MiB (store built in {s.BuildSeconds:F0} s):"));
            o.WriteLine($"  ask, all          {s.Ask}");
            o.WriteLine($"  ask, scope cached {s.AskCached}");
            o.WriteLine($"  ask, scope loaded {s.AskLoaded}");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cache: {s.Cache.Scopes} scopes resident, {s.Cache.Bytes / mb:F1} MiB; {s.Cache.Hits} hits, {s.Cache.Misses} loads, {s.Cache.Evictions} evictions; {s.Cache.BlockBytesAllocated / mb:F1} MiB of blocks allocated"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  memory: RSS {s.RssMb:F0} MB after the run, peak {s.PeakRssMb:F0} MB, {s.BaselineRssMb:F0} MB after the first question; after a full GC: RSS {s.RssAfterGcMb:F0} MB, managed heap {s.ManagedHeapMb:F0} MB, GC committed {s.GcCommittedMb:F0} MB"));
        }
    }

    private sealed record BenchPlan(string Dataset, int? Documents, IReadOnlyList<int> Sizes, int Questions, int RealDocuments, int ColdRuns, bool SkipIngest, ScopesPlan Scopes, string? WorkDir);

    private sealed record ScopesPlan(int Count, int ChunksPerScope, double Zipf, int Questions, long? CacheBytes);
}
