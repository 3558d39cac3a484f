using System.Globalization;
using System.Text;
using Briefer.Answers;
using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.AutoAnswers;
using Briefer.Bot.Pipeline;
using Briefer.Core.Conversations;
using Briefer.Core.Retrieval;
using Briefer.Discord.Models;

namespace Briefer.Bot.Insights;

/// <summary>
/// <c>/insights [since:]</c> (admins, private): for this server over a period, questions asked, answered and not
/// covered, the 👍/👎 ratio, and the top unanswered and down-voted questions — the gaps to fill with documents. The
/// questions listed are only those the admin could read where they were asked (a private channel's stay in it).
/// </summary>
internal sealed class InsightsCommand(TimeProvider time, IConversationStore conversations, AutoAnswerStore autoAnswers, AudienceResolver audiences) : IBotCommand
{
    public const string Name = "insights";
    private const string DefaultSince = "30d";
    private const int Top = 5;

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Slash(Name)];

    public ApplicationCommand Definition { get; } = new(Name, "What members asked here, and what the documents failed to answer (admins).",
        [new(CommandOptionType.String, "since", "The period: 7d, 2w, 3m, 1y or a date like 2026-01-09 (default 30d)", MaxLength: 20)],
        DefaultMemberPermissions: CommandCatalog.AdminDefaultPermissions, Contexts: CommandCatalog.GuildOnly);

    public BotPolicy Policy { get; } = new(AdminOnly: true, RateLimited: false, Ephemeral: true);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var since = SinceParser.TryParse(request.Option("since") ?? DefaultSince, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), out var parsed, out var error)
            ? parsed
            : throw new ArgumentException(error);
        return new BotWork(BotAck.Defer, async (context, cancellationToken) =>
        {
            var from = new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var report = await conversations.GetInsightsAsync(request.RequiredScope, from, Top, audiences.ForMember(request), cancellationToken).ConfigureAwait(false);
            var channels = await autoAnswers.ListChannelsAsync(request.RequiredScope, cancellationToken).ConfigureAwait(false);
            var automatic = new AutoAnswerSummary(channels, await autoAnswers.InsightsAsync(request.RequiredScope, from, cancellationToken).ConfigureAwait(false));

            return new BotReply(Render(report, since, automatic));
        });
    }

    internal static MessageParams Render(InsightsReport report, DateOnly since, AutoAnswerSummary? automatic = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var summary = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"**{report.Asked}** questions: **{report.Answered}** answered, **{report.Abstained}** not covered by the documents. Checks: {report.Checks}.\n")
            .Append(report.UpShare is { } share
                ? string.Create(CultureInfo.InvariantCulture, $"Feedback: 👍 {report.UpVotes} · 👎 {report.DownVotes} ({share:P0} helpful).")
                : "Feedback: no votes yet.");
        var fields = new List<EmbedField>
        {
            new("Top unanswered (add documents that answer these)", Lines(report.TopUnanswered)),
            new("Top down-voted", Lines(report.TopDownVoted)),
        };
        if (automatic is { Channels.Count: > 0 } or { Figures.Posted: > 0 } or { Figures.HandOffs: > 0 })
        {
            var f = automatic.Figures;
            fields.Add(new EmbedField("Automatic answers", AnswerRenderer.Trim(string.Create(CultureInfo.InvariantCulture,
                $"In {(automatic.Channels.Count == 0 ? "no channel now" : string.Join(' ', automatic.Channels.Select(c => $"<#{c.Channel}>")))}: **{f.Posted}** posted, **{f.HandOffs}** handed off, {f.Suggested} suggested; "
                + $"👍 {f.UpVotes} · 👎 {f.DownVotes}; Solved tags applied {f.SolvedTags}; Still need help {f.StillNeedHelp}."), DiscordLimits.EmbedFieldValue)));
        }

        var embed = new Embed($"Insights since {since:yyyy-MM-dd}", summary.ToString(), fields, Color: 0x2B6CB0);
        return new MessageParams(Embeds: [embed], AllowedMentions: AllowedMentions.None);
    }

    private static string Lines(IReadOnlyList<QuestionCount> questions)
    {
        if (questions.Count == 0)
        {
            return "None.";
        }

        var perLine = (DiscordLimits.EmbedFieldValue / questions.Count) - 2;
        return string.Join('\n', questions.Select(q => AnswerRenderer.Trim(
            $"{q.Count}× {AnswerRenderer.EscapeMarkdown(q.Question)}{(q.Comment is null ? string.Empty : " — “" + AnswerRenderer.EscapeMarkdown(q.Comment) + "”")}", perLine)));
    }
}

/// <summary>A server's automatic-answer channels and figures, for <c>/insights</c>.</summary>
internal sealed record AutoAnswerSummary(IReadOnlyList<AutoAnswerChannel> Channels, AutoAnswerInsights Figures);
