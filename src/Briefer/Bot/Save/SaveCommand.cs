using System.Text;
using Briefer.Answers;
using Briefer.Audiences;
using Briefer.Bot.Ingest;
using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Discord.Models;
using Briefer.Sources;
using Microsoft.Extensions.Logging;

namespace Briefer.Bot.Save;

/// <summary>
/// The "Save to Briefer" message command (admins): the message's text and its attachments' text become one document
/// whose source is the message's jump link, so answers link back to the message. Saving the same message again
/// updates that document. Attachments that cannot be loaded are named in the reply; the rest is still saved.
/// </summary>
internal sealed class SaveCommand(IngestJob job, DocumentDownloader downloader, DocumentLoader loader, IBriefingService briefing, AudienceResolver audiences, ILoggerFactory loggers) : IBotCommand
{
    private readonly ILogger _logger = loggers.CreateLogger("Briefer.Bot.Save");

    public const string Name = "Save to Briefer";

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.MessageCommand(Name)];

    public ApplicationCommand Definition { get; } = new(Name, string.Empty,
        DefaultMemberPermissions: CommandCatalog.AdminDefaultPermissions, Contexts: CommandCatalog.GuildOnly, Type: ApplicationCommandTypes.Message);

    public BotPolicy Policy { get; } = new(AdminOnly: true, Ephemeral: true);

    /// <summary>The message's permanent link: the document's source (which re-sync leaves alone).</summary>
    public static string JumpLink(GuildId guild, ChannelId channel, MessageId message) => $"{SourceSynchronizer.DiscordMessageLinkPrefix}{guild}/{channel}/{message}";

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = request.Target ?? throw new ArgumentException("Discord did not pass the message along; try again.");
        var text = message.Content?.Trim() ?? string.Empty;
        var attachments = message.Attachments ?? [];
        if (text.Length == 0 && attachments.Count == 0)
        {
            throw new ArgumentException("That message has no text or attachments to save.");
        }

        var link = JumpLink(request.Guild!.Value, message.ChannelId == default ? request.Channel : message.ChannelId, message.Id);
        return new BotWork(BotAck.Defer, (context, stoppingToken) => job.RunAsync(async cancellationToken =>
        {
            var parts = new List<(string Heading, string Text)>();
            var failed = new List<string>();
            foreach (var attachment in attachments)
            {
                try
                {
                    var extracted = loader.Load(await downloader.DownloadAttachmentAsync(attachment, cancellationToken).ConfigureAwait(false));
                    parts.Add((extracted.Title, extracted.Text));
                }
                catch (DocumentRejectedException ex)
                {
                    failed.Add(ex.Message);
                }
            }

            if (text.Length == 0 && parts.Count == 0)
            {
                return BotReply.Text("Nothing was saved: " + string.Join(" ", failed));
            }

            // Saved from a channel not everyone can view: the document stays with that channel's readers.
            var visibility = audiences.DefaultFor(
                request.Guild!.Value, message.ChannelId == default ? request.Channel : message.ChannelId, request.ChannelInfo?.IsThread == true ? request.ChannelInfo.ParentId : null);
            var source = new DocumentSource(link, $"discord-message-{message.Id}.md", Encoding.UTF8.GetBytes(Compose(text, parts, message)), "text/markdown; charset=utf-8") { Visibility = visibility };
            var result = await briefing.IngestAsync(request.RequiredScope, source, cancellationToken).ConfigureAwait(false);
            Log.Ingested(_logger, result.DocumentId.Value, result.Outcome.ToString(), "message");
            var reply = AnswerRenderer.Ingested(result, visibility);
            return failed.Count == 0 ? new BotReply(reply) : BotReply.Text(reply.Content + "\nNot included: " + string.Join(" ", failed));
        }, stoppingToken));
    }

    /// <summary>
    /// The document: a title (the message's first line, else the first attachment's title), the message's text, then
    /// each attachment's text under its title.
    /// </summary>
    internal static string Compose(string text, IReadOnlyList<(string Heading, string Text)> attachments, DiscordMessage message)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(attachments);
        ArgumentNullException.ThrowIfNull(message);
        var firstLine = text.Split('\n', 2)[0].Trim().TrimStart('#', ' ');
        var title = firstLine.Length is > 0 and <= 120 ? firstLine
            : attachments.Count > 0 ? attachments[0].Heading
            : $"Discord message from {message.Author?.GlobalName ?? message.Author?.Username ?? "a member"}";
        var document = new StringBuilder().Append("# ").Append(title).Append("\n\n");
        if (text.Length > 0)
        {
            document.Append(text).Append("\n\n");
        }

        foreach (var (heading, body) in attachments)
        {
            document.Append("## ").Append(heading).Append("\n\n").Append(body).Append("\n\n");
        }

        return document.ToString().TrimEnd() + "\n";
    }
}
