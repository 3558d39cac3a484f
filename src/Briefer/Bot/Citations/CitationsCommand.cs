using System.Globalization;
using System.Text;
using Briefer.Answers;
using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Conversations;
using Briefer.Discord.Models;

namespace Briefer.Bot.Citations;

/// <summary>
/// The "Sources" button on an answer: privately, every citation with where it is (page or heading), its full quote and
/// a link (the URL, the jump link of a saved Discord message, or the file name). Not rate-limited: it only reads what was already answered.
/// </summary>
internal sealed class CitationsCommand(IConversationStore conversations, IBriefingService briefing, AudienceResolver audiences) : IBotCommand
{
    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Button(AnswerPresenter.SourcesPrefix)];

    public BotPolicy Policy { get; } = new(RateLimited: false, Ephemeral: true);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answerId = AnswerPresenter.AnswerIdFrom(request, 0);
        return new BotWork(BotAck.DeferEphemeral, async (context, cancellationToken) =>
        {
            if (await conversations.GetAnswerAsync(request.RequiredScope, answerId, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return BotReply.Text(AnswerPresenter.UnknownAnswer);
            }

            // Roles and overwrites change after an answer is posted: each click shows only the sources the clicker may read now.
            var audience = audiences.ForMember(request);
            var documents = await briefing.ListSourcesAsync(request.RequiredScope, cancellationToken).ConfigureAwait(false);
            var readable = documents.Where(d => audience.CanSee(d.Visibility)).Select(d => d.Id).ToHashSet();
            return new BotReply(Render([.. entry.Answer.Citations.Where(c => readable.Contains(c.DocumentId))]));
        });
    }

    /// <summary>One embed per citation (at most ten), quotes shared out within Discord's 6000-character total.</summary>
    internal static MessageParams Render(IReadOnlyList<Citation> citations)
    {
        ArgumentNullException.ThrowIfNull(citations);
        if (citations.Count == 0)
        {
            return AnswerRenderer.Text("This answer cites no sources.", ephemeral: true);
        }

        var shown = citations.OrderBy(c => c.N).Take(10).ToList();
        var budget = (DiscordLimits.EmbedTotal - 200) / shown.Count;
        var embeds = shown.Select(c =>
        {
            var location = c.Location is { Length: > 0 } where ? ", " + where : string.Empty;
            var title = AnswerRenderer.Trim($"[{c.N}] {c.Title}{location}", Math.Min(DiscordLimits.EmbedTitle, budget / 4));
            var link = AnswerRenderer.DisplaySource(c.Source);
            var date = c.PublishedAt is { } d ? " · " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;
            var head = (IsWebLink(link) ? $"<{link}>" : AnswerRenderer.EscapeMarkdown(link)) + date + "\n";
            var quote = new StringBuilder(head).Append("> ").Append(AnswerRenderer.EscapeMarkdown(c.Quote.ReplaceLineEndings(" "))).ToString();
            return new Embed(title, AnswerRenderer.Trim(quote, Math.Min(DiscordLimits.EmbedDescription, budget - title.Length)), Url: IsWebLink(link) && link.Length <= 512 ? link : null);
        }).ToList();
        var more = citations.Count > shown.Count ? $"…and {citations.Count - shown.Count} more." : null;
        return new MessageParams(Content: more, Embeds: embeds, AllowedMentions: AllowedMentions.None, Flags: MessageFlags.Ephemeral);
    }

    private static bool IsWebLink(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !source.Any(char.IsWhiteSpace);
}
