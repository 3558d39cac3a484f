using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Briefer.Discord.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Bot;

/// <summary>
/// The slash commands' work. <see cref="Prepare"/> reads and checks the options at once (so bad input is
/// refused before the deferral); the returned job does the slow part in a worker's DI scope.
/// </summary>
internal static class CommandHandlers
{
    /// <summary>A prepared command: runs in a DI scope and returns the message to show.</summary>
    public delegate Task<MessageParams> Job(IServiceProvider services, CancellationToken cancellationToken);

    /// <exception cref="ArgumentException">The options are unusable; the message says why, for the user.</exception>
    public static Job Prepare(string command, InteractionData data, GuildId guild, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(data);
        var scope = ScopeId.ForGuild(guild.Value);
        switch (command)
        {
            case BotCommands.Ask:
                var question = Option(data, "question") ?? throw new ArgumentException("Ask a question, e.g. /ask question: What did the report conclude?");
                return async (services, ct) => AnswerRenderer.Answer(await Service(services).AskAsync(scope, question, ct).ConfigureAwait(false));

            case BotCommands.Brief:
                var topic = Option(data, "topic") ?? throw new ArgumentException("Give a topic, e.g. /brief topic: budget");
                DateOnly? since = null;
                if (Option(data, "since") is { } sinceText)
                {
                    since = SinceParser.TryParse(sinceText, today, out var parsed, out var error) ? parsed : throw new ArgumentException(error);
                }

                return async (services, ct) => AnswerRenderer.Brief(await Service(services).BriefAsync(scope, topic, since, ct).ConfigureAwait(false));

            case BotCommands.Sources:
                return async (services, ct) => AnswerRenderer.Sources(await Service(services).ListSourcesAsync(scope, ct).ConfigureAwait(false));

            case BotCommands.Forget:
                var documentText = Option(data, "document");
                if (!DocumentId.TryParse(documentText, out var documentId))
                {
                    throw new ArgumentException("Pick a document from the list that appears as you type (or give its 16-character id from /sources).");
                }

                return async (services, ct) => await Service(services).ForgetAsync(scope, documentId, ct).ConfigureAwait(false)
                    ? AnswerRenderer.Text($"Removed document `{documentId}` from this server.")
                    : AnswerRenderer.Text($"This server has no document `{documentId}`; /sources lists what is loaded.");

            case BotCommands.Ingest:
                return PrepareIngest(data, scope);

            default:
                throw new ArgumentException($"Briefer does not know /{command}.");
        }
    }

    private static Job PrepareIngest(InteractionData data, ScopeId scope)
    {
        var url = Option(data, "url");
        var attachmentId = Option(data, "file");
        if ((url is null) == (attachmentId is null))
        {
            throw new ArgumentException("Give either file: (an attachment) or url: (an https:// address), not both.");
        }

        DiscordAttachment? attachment = null;
        if (attachmentId is not null && (data.Resolved?.Attachments is null || !data.Resolved.Attachments.TryGetValue(attachmentId, out attachment)))
        {
            throw new ArgumentException("Discord did not pass the attachment along; try uploading it again.");
        }

        return async (services, stoppingToken) =>
        {
            // The whole job (download, extraction, embedding) has Ingestion:JobTimeout, well inside the 15 minutes an
            // interaction token lives, so the admin always hears back.
            var limit = services.GetRequiredService<IOptions<IngestionOptions>>().Value.JobTimeout;
            using var timeout = new CancellationTokenSource(limit, services.GetRequiredService<TimeProvider>());
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
            var ct = linked.Token;
            try
            {
                var downloader = services.GetRequiredService<DocumentDownloader>();
                var source = attachment is not null
                    ? await downloader.DownloadAttachmentAsync(attachment, ct).ConfigureAwait(false)
                    : await downloader.DownloadUrlAsync(url!, ct).ConfigureAwait(false);
                var result = await Service(services).IngestAsync(scope, source, ct).ConfigureAwait(false);
                Log.Ingested(services.GetRequiredService<ILoggerFactory>().CreateLogger("Briefer.Bot.Ingest"), result.DocumentId.Value, result.Outcome.ToString(), attachment is null ? "url" : "attachment");
                return AnswerRenderer.Ingested(result);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                throw new DocumentRejectedException(
                    $"Loading this document took longer than {limit.TotalMinutes:0.#} min ({IngestionOptions.Section}:{nameof(IngestionOptions.JobTimeout)}) and was stopped; nothing was stored. Split it into smaller documents and try again.");
            }
        };
    }

    private static IBriefingService Service(IServiceProvider services) => services.GetRequiredService<IBriefingService>();

    private static string? Option(InteractionData data, string name)
    {
        var value = data.Options?.FirstOrDefault(o => o.Name == name)?.StringValue?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
