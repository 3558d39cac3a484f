using Briefer.AutoAnswers;
using Briefer.Core.Embeddings;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Briefer.Llm;
using Briefer.Settings;
using Briefer.Storage.Qdrant;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefer.Cli.Doctor;

/// <summary>
/// The checks of <c>briefer doctor</c>, in the order a new operator meets the problems: configuration, data directory,
/// store (or Qdrant), embedding model, answer model, prompts, Discord token, model endpoint. Each check reports itself and never
/// throws; a check that cannot run because an earlier one failed says so.
/// </summary>
internal static class DoctorChecks
{
    /// <summary>How long the store (Qdrant retries included) may take to open before the check fails.</summary>
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(CliSettings settings, bool forBot, Action<IConfigurationBuilder>? configure, Action<DoctorCheck> report, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            var builder = BrieferHost.CreateBuilder(settings);
            configure?.Invoke(builder.Configuration);
            host = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException or InvalidOperationException)
        {
            report(DoctorCheck.Fail("configuration", $"cannot read the settings: {ex.Message} Fix appsettings.json or the environment variable it names."));
            return;
        }

        using (host)
        {
            var services = host.Services;
            var configured = CheckConfiguration(services);
            report(configured);
            if (configured.Status == CheckStatus.Failed)
            {
                report(DoctorCheck.Skip("other checks", "they need valid settings: fix the line above, then run doctor again."));
                return;
            }

            var store = services.GetRequiredService<IOptions<StoreOptions>>().Value;
            var usable = true;
            if (store.Uses(DocumentStoreSetup.Sqlite))
            {
                var directory = await CheckDataDirectoryAsync(store, cancellationToken).ConfigureAwait(false);
                report(directory);
                usable = directory.Status != CheckStatus.Failed;
            }
            else
            {
                report(DoctorCheck.Skip("data directory", $"not used: Store:Provider is {store.Provider}."));
            }

            report(usable
                ? await CheckStoreAsync(services, store, settings, cancellationToken).ConfigureAwait(false)
                : DoctorCheck.Skip("store", "needs a writable data directory (above)."));
            if (!store.Uses(QdrantSetup.Provider))
            {
                report(DoctorCheck.Skip("qdrant", "not configured (Store:Provider is Sqlite): the embedded store needs no server."));
            }

            report(await CheckModelAsync(services, cancellationToken).ConfigureAwait(false));
            report(CheckAnswerModel());
            var llm = services.GetRequiredService<IOptions<LlmOptions>>().Value;
            report(CheckPrompts(llm));
            report(await ServiceChecks.DiscordAsync(services.GetRequiredService<IConfiguration>(), forBot, cancellationToken).ConfigureAwait(false));
            if (forBot)
            {
                report(usable ? await CheckAutoAnswersAsync(services, cancellationToken).ConfigureAwait(false) : DoctorCheck.Skip("auto answers", "needs a writable data directory (above)."));
            }

            report(await ServiceChecks.LlmEndpointAsync(llm, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Automatic answers (<c>--bot</c>): how many channels are configured, and whether Discord refused the Message Content
    /// intent they need (remembered by the bot when the gateway closed with 4014).
    /// </summary>
    internal static async Task<DoctorCheck> CheckAutoAnswersAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<AutoAnswerStore>();
        var channels = await store.ListChannelsAsync(null, cancellationToken).ConfigureAwait(false);
        if (channels.Count == 0)
        {
            return DoctorCheck.Skip("auto answers", "no help or forum channel is configured (/autoanswer add or briefer autoanswer add).");
        }

        return await store.GetStateAsync(AutoAnswerStore.MessageContentRefusedKey, cancellationToken).ConfigureAwait(false) is { } refusedAt
            ? DoctorCheck.Warn("auto answers", $"{channels.Count} channel(s) configured, but Discord refused the Message Content intent (close 4014, {refusedAt}): the bot reads forum titles only. Enable Bot > Privileged Gateway Intents > Message Content in the Developer Portal and restart.")
            : DoctorCheck.Ok("auto answers", $"{channels.Count} channel(s) configured; the bot requests the Message Content intent (enable it in the Developer Portal, Bot > Privileged Gateway Intents).");
    }

    /// <summary>Every setting validated as <c>briefer</c> validates it at start, with the messages that name the setting.</summary>
    internal static DoctorCheck CheckConfiguration(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            var store = services.GetRequiredService<IOptions<StoreOptions>>().Value;
            var llm = services.GetRequiredService<IOptions<LlmOptions>>().Value;
            return DoctorCheck.Ok("configuration", $"settings are valid (Store:Provider {store.Provider}, Llm:Provider {llm.Provider}).");
        }
        catch (Exception ex) when (SettingsErrors.Describe(ex, services.GetService<IConfiguration>()) is { } settingsError)
        {
            return DoctorCheck.Fail("configuration", "invalid settings: " + settingsError);
        }
    }

    /// <summary>
    /// The data directory exists (or can be made) and a file can be written in it. <paramref name="write"/> fills the
    /// probe file (tests inject a full disk there); the probe is removed whatever happens, failures included.
    /// </summary>
    internal static async Task<DoctorCheck> CheckDataDirectoryAsync(StoreOptions store, CancellationToken cancellationToken, Func<Stream, CancellationToken, Task>? write = null)
    {
        string directory;
        try
        {
            directory = Path.GetFullPath(store.DataDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return DoctorCheck.Fail("data directory", $"'{store.DataDirectory}' is not a usable path ({ex.Message.TrimEnd('.')}). Choose another with --data-dir or BRIEFER_DATA_DIR.");
        }

        var probe = Path.Combine(directory, $".briefer-doctor-{Guid.NewGuid():N}.tmp");
        try
        {
            var existed = Directory.Exists(directory);
            Directory.CreateDirectory(directory);
            await using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await (write ?? WriteProbeAsync)(stream, cancellationToken).ConfigureAwait(false);
            }

            return DoctorCheck.Ok("data directory", $"{directory} {(existed ? "is writable" : "was created and is writable")}.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DoctorCheck.Fail("data directory", DataDirectoryAdvice(directory, ex));
        }
        finally
        {
            DeleteProbe(probe);
        }
    }

    /// <summary>What to do when the data directory cannot be written, by cause: permissions, a full disk, a read-only mount.</summary>
    internal static string DataDirectoryAdvice(string directory, Exception exception)
    {
        var reason = exception.Message.TrimEnd('.');
        return StoreFailureException.FromIo(exception, directory).Kind switch
        {
            StoreFailureKind.DiskFull =>
                $"the disk holding {directory} is full ({reason}). Free some space there, or choose a folder on another disk with --data-dir or BRIEFER_DATA_DIR.",
            StoreFailureKind.ReadOnly when exception is not UnauthorizedAccessException =>
                $"{directory} is on a read-only file system ({reason}). Reading verbs (ask, sources) still work; to ingest, mount it read-write or choose another folder with --data-dir or BRIEFER_DATA_DIR.",
            // .NET's own text here only names the probe file: "permission denied" says it all.
            _ when exception is UnauthorizedAccessException =>
                $"cannot write in {directory}: permission denied. Give this user write access, or choose another folder with --data-dir or BRIEFER_DATA_DIR.",
            _ => $"cannot write in {directory} ({reason}). Check the disk and the path, or choose another folder with --data-dir or BRIEFER_DATA_DIR.",
        };
    }

    private static async Task WriteProbeAsync(Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync("briefer doctor"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void DeleteProbe(string probe)
    {
        try
        {
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done here; the check above already reported why the folder cannot be written.
        }
    }

    /// <summary>The store opens (SQLite file, or Qdrant reachable with a collection that fits the model) and lists the scope.</summary>
    internal static async Task<DoctorCheck> CheckStoreAsync(IServiceProvider services, StoreOptions options, CliSettings settings, CancellationToken cancellationToken)
    {
        var name = options.Uses(QdrantSetup.Provider) ? "qdrant" : "store";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StoreTimeout);
        try
        {
            var store = services.GetRequiredService<IDocumentStore>();
            await store.InitializeAsync(timeout.Token).ConfigureAwait(false);
            var documents = await store.ListDocumentsAsync(settings.Scope, timeout.Token).ConfigureAwait(false);
            if (store is IStoreIntegrityCheck integrity && await integrity.CheckIntegrityAsync(timeout.Token).ConfigureAwait(false) is { } damage)
            {
                return DoctorCheck.Fail(name, damage);
            }

            var where = store is SqliteDocumentStore sqlite
                ? sqlite.DatabasePath + " opens and passes quick_check"
                : $"reachable at {WithoutCredentials(services.GetRequiredService<IOptions<QdrantStoreOptions>>().Value.Url)}, collection '{services.GetRequiredService<IOptions<QdrantStoreOptions>>().Value.Collection}' fits the model and is not damaged";
            return DoctorCheck.Ok(name, $"{where}; scope '{settings.Scope}' holds {documents.Count} document{(documents.Count == 1 ? string.Empty : "s")}.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DoctorCheck.Fail(name, $"did not answer within {StoreTimeout.TotalSeconds:0} s. Check that the server is running and reachable from here.");
        }
        catch (Exception ex) when (ex is StoreFailureException or InvalidOperationException or IOException or UnauthorizedAccessException or Grpc.Core.RpcException or HttpRequestException)
        {
            return DoctorCheck.Fail(name, ex.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>The bundled embedding model loads and embeds a sentence at its dimensions.</summary>
    internal static async Task<DoctorCheck> CheckModelAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var model = services.GetRequiredService<EmbeddingModelInfo>();
        var time = services.GetRequiredService<TimeProvider>();
        var started = time.GetTimestamp();
        try
        {
            var embeddings = await services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()
                .GenerateAsync(["Briefer checks that its embedding model loads."], cancellationToken: cancellationToken).ConfigureAwait(false);
            var dimensions = embeddings[0].Vector.Length;
            return dimensions == model.Dimensions
                ? DoctorCheck.Ok("model", $"{model.Id} loads and embeds ({dimensions} dimensions, {time.GetElapsedTime(started).TotalSeconds:0.0} s).")
                : DoctorCheck.Fail("model", $"{model.Id} gave {dimensions} dimensions, not {model.Dimensions}. Reinstall Briefer: its model file is damaged.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or DllNotFoundException or TypeInitializationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or BadImageFormatException)
        {
            return DoctorCheck.Fail("model", $"{model.Id} does not load: {ex.Message} The ONNX Runtime native library for this platform may be missing; Briefer runs on x64 and arm64 Linux and Windows, and arm64 macOS.");
        }
    }

    /// <summary>
    /// The embedded answer model (ranker, answerability, confidence) loads and fits this version's features: every
    /// answer needs it, and a model that does not fit fails each <c>ask</c>.
    /// </summary>
    internal static DoctorCheck CheckAnswerModel()
    {
        try
        {
            var info = Briefer.Core.Answering.AnswerModel.Shipped.Info;
            return DoctorCheck.Ok("answer model", $"loads and fits this version ({info.CandidateFeatures.Count} candidate features).");
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or ArgumentException or IOException)
        {
            return DoctorCheck.Fail("answer model", $"{ex.Message.ReplaceLineEndings(" ")} Answers cannot be given until it does: reinstall or rebuild Briefer.");
        }
    }

    /// <summary>The prompt files model-written answers use are where Briefer looks for them.</summary>
    internal static DoctorCheck CheckPrompts(LlmOptions llm)
    {
        try
        {
            var prompts = BriefingPrompts.Load(llm.PromptsDirectory);
            return DoctorCheck.Ok("prompts", $"load from {prompts.Directory}{(llm.Provider == LlmProvider.None ? " (used only when Llm:Provider is set)" : string.Empty)}.");
        }
        catch (Exception ex) when (ex is PromptLoadException or InvalidOperationException or IOException)
        {
            return llm.Provider == LlmProvider.None
                ? DoctorCheck.Warn("prompts", $"{ex.Message} Only model-written answers need them (Llm:Provider is None).")
                : DoctorCheck.Fail("prompts", $"{ex.Message} Set Llm:PromptsDirectory to the folder holding Briefing/Answer and Briefing/Brief.");
        }
    }

    /// <summary>A URL as it may be shown: without user name or password.</summary>
    internal static string WithoutCredentials(Uri url) =>
        url.IsAbsoluteUri ? new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri.ToString().TrimEnd('/') : url.ToString();
}
