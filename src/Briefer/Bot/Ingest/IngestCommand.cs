using Briefer.Answers;
using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Discord.Models;
using Microsoft.Extensions.Logging;

namespace Briefer.Bot.Ingest;

/// <summary><c>/ingest file: | url:</c> (admins): loads a document into this server.</summary>
internal sealed class IngestCommand(IngestJob job, DocumentDownloader downloader, IBriefingService briefing, AudienceResolver audiences, ILoggerFactory loggers) : IBotCommand
{
    private readonly ILogger _logger = loggers.CreateLogger("Briefer.Bot.Ingest");

    public const string Name = "ingest";

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Slash(Name)];

    public ApplicationCommand Definition { get; } = new(Name, "Load a document into this server (admins).",
        [
            new(CommandOptionType.Attachment, "file", "A PDF, Word (.docx), text, Markdown or HTML file"),
            new(CommandOptionType.String, "url", "An https:// address of a web page or file", MaxLength: 2000),
            new(CommandOptionType.String, VisibleToOption.Name, "Who may read it: everyone, a #channel's readers, or @roles (default: this channel's readers)", MaxLength: 500),
        ],
        DefaultMemberPermissions: CommandCatalog.AdminDefaultPermissions, Contexts: CommandCatalog.GuildOnly);

    public BotPolicy Policy { get; } = new(AdminOnly: true, Ephemeral: true);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.Option("url");
        var attachmentId = request.Option("file");
        if ((url is null) == (attachmentId is null))
        {
            throw new ArgumentException("Give either file: (an attachment) or url: (an https:// address), not both.");
        }

        var explicitVisibility = request.Option(VisibleToOption.Name) is { } visibleTo ? VisibleToOption.Parse(visibleTo) : null;
        DiscordAttachment? attachment = null;
        if (attachmentId is not null && (request.Data?.Resolved?.Attachments is not { } attachments || !attachments.TryGetValue(attachmentId, out attachment)))
        {
            throw new ArgumentException("Discord did not pass the attachment along; try uploading it again.");
        }

        return new BotWork(BotAck.Defer, (context, stoppingToken) => job.RunAsync(async cancellationToken =>
        {
            var source = attachment is not null
                ? await downloader.DownloadAttachmentAsync(attachment, cancellationToken).ConfigureAwait(false)
                : await downloader.DownloadUrlAsync(url!, cancellationToken).ConfigureAwait(false);
            // An attachment shared in a private channel stays with that channel's readers unless the admin says otherwise.
            var visibility = explicitVisibility ?? (attachment is not null
                ? audiences.DefaultFor(request.Guild!.Value, request.Channel, request.ChannelInfo?.IsThread == true ? request.ChannelInfo.ParentId : null)
                : Core.Documents.Visibility.Everyone);
            source = source with { Visibility = visibility };
            var result = await briefing.IngestAsync(request.RequiredScope, source, cancellationToken).ConfigureAwait(false);
            Log.Ingested(_logger, result.DocumentId.Value, result.Outcome.ToString(), attachment is null ? "url" : "attachment");
            return new BotReply(AnswerRenderer.Ingested(result, visibility));
        }, stoppingToken));
    }
}
