using System.Text;
using Briefer.Answers;
using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core.Answering;
using Briefer.Core.Claims;
using Briefer.Core.Conversations;
using Briefer.Discord.Models;

namespace Briefer.Bot.Check;

/// <summary>
/// The "Check with Briefer" message command: what the server's documents say about the message's statement —
/// <i>Supported</i> with the quotes that state it, or <i>Not covered</i> (with the closest passages when some touch on
/// it). Never <i>Contradicted</i>: Briefer cannot yet tell that reliably. Shown to the checker only, so checking a
/// message never calls its author out in public; the checker can share it.
/// </summary>
internal sealed class CheckCommand(IClaimChecker claims, IConversationStore conversations, AudienceResolver audiences, TimeProvider time) : IBotCommand
{
    public const string Name = "Check with Briefer";

    private const int SupportedColor = 0x2F855A;
    private const int NotCoveredColor = 0x718096;

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.MessageCommand(Name)];

    public ApplicationCommand Definition { get; } = new(Name, string.Empty, Contexts: CommandCatalog.GuildOnly, Type: ApplicationCommandTypes.Message);

    public BotPolicy Policy { get; } = new(Ephemeral: true);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var statement = request.Target?.Content?.Trim();
        if (string.IsNullOrEmpty(statement))
        {
            throw new ArgumentException("That message has no text to check.");
        }

        return new BotWork(BotAck.DeferEphemeral, async (context, cancellationToken) =>
        {
            var check = await claims.CheckAsync(request.RequiredScope, statement, audiences.ForMember(request), cancellationToken).ConfigureAwait(false);

            // Recorded like an answer (kind Check), so /insights counts checks and the Sources button can show the quotes.
            var answer = new Answer(statement, Verdict(check), check.Verdict == ClaimVerdict.NotCovered && check.Evidence.Count == 0, check.Evidence, check.Mode);
            var id = AnswerId.New();
            await conversations.RecordAnswerAsync(
                new AnswerEntry(id, request.RequiredScope, AnswerKind.Check, statement, statement, answer, time.GetUtcNow()) { AskedIn = audiences.WhereAsked(request) },
                request.Asker.StoreId, cancellationToken).ConfigureAwait(false);
            return new BotReply(Render(check) with { Components = [AnswerPresenter.Buttons(id, check.Evidence.Count > 0, followUp: false)] });
        });
    }

    internal static MessageParams Render(ClaimCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var embed = AnswerRenderer.Embed("Check: " + AnswerRenderer.EscapeMarkdown(check.Statement), Verdict(check), abstained: false, check.Evidence, note: null);
        return new MessageParams(Embeds: [embed with { Color = check.Verdict == ClaimVerdict.Supported ? SupportedColor : NotCoveredColor }], AllowedMentions: AllowedMentions.None);
    }

    private static string Verdict(ClaimCheck check)
    {
        var text = new StringBuilder();
        if (check.Verdict == ClaimVerdict.Supported)
        {
            text.Append("**Supported**: the loaded documents state this.\n");
        }
        else
        {
            text.Append("**Not covered**: no loaded document states this.").Append(check.Evidence.Count > 0 ? " The closest passages:\n" : string.Empty);
        }

        foreach (var citation in check.Evidence)
        {
            text.Append("> ").Append(AnswerRenderer.EscapeMarkdown(AnswerRenderer.Trim(citation.Quote.ReplaceLineEndings(" "), 600))).Append(" [").Append(citation.N).Append("]\n");
        }

        return text.ToString().TrimEnd();
    }
}
