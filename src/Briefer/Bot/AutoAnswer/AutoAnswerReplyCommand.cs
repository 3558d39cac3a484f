using Briefer.Answers;
using Briefer.Audiences;
using Briefer.AutoAnswers;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Core.Conversations;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.AutoAnswer;

/// <summary>
/// The automatic answer to a new question (<see cref="BotRequestKind.AutoAnswer"/>): asks the core for everyone who can
/// view the channel or post (so no hidden document is quoted), and at or above the automatic threshold posts the cited
/// answer with 👍/👎/Sources and "Still need help?"; below it, posts one hand-off line pinging only the hand-off role,
/// or stays silent. In suggest mode the answer goes to the review channel instead.
/// </summary>
internal sealed class AutoAnswerReplyCommand(
    AutoAnswerStore store,
    AutoAnswerChannels channels,
    TimeProvider time,
    IOptions<AutoAnswerOptions> options,
    AudienceResolver audiences,
    IBriefingService briefing,
    AnswerPresenter presenter,
    DiscordRestClient rest,
    ILogger<AutoAnswerReplyCommand> logger) : IBotCommand
{
    public const string StillNeedHelpPrefix = "aah";

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.AutoAnswer];

    // Caps are the watcher's (per member and channel); the per-user limit of commands does not apply.
    public BotPolicy Policy { get; } = new(RateLimited: false);

    public static string HandOffText(RoleId role) => $"Not covered by the docs — pinging <@&{role}>";

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var question = request.Text is { Length: > 0 } text ? text : throw new ArgumentException("no question text");
        return new BotWork(BotAck.Defer, (context, cancellationToken) => RunAsync(context, question, cancellationToken));
    }

    private async Task<BotReply> RunAsync(BotContext context, string question, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var configured = request.ChannelInfo?.ParentId ?? request.Channel;
        if (await channels.FindAsync(request.RequiredScope, configured, cancellationToken).ConfigureAwait(false) is not { } config)
        {
            return BotReply.Done;
        }

        var threshold = config.MinConfidence ?? options.Value.MinConfidence;
        var audience = audiences.ForChannel(request);
        var answer = await briefing.AskAsync(request.RequiredScope, question, audience, cancellationToken).ConfigureAwait(false);
        var verdict = AutoAnswerDecision.Decide(answer, threshold);
        Log.AutoAnswerDecided(logger, verdict == AutoAnswerVerdict.Post ? config.Mode.ToString() : config.HandoffRole is null ? "silent" : "hand-off", request.Channel.Value, answer.Confidence, threshold);
        if (verdict == AutoAnswerVerdict.NotCovered)
        {
            if (config.HandoffRole is not { } role)
            {
                return BotReply.Done;
            }

            await store.RecordEventAsync(request.RequiredScope, AutoAnswerEvent.HandOff, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return new BotReply(new MessageParams(HandOffText(role), AllowedMentions: AllowedMentions.OnlyRole(role)));
        }

        var id = AnswerId.New();
        if (config.Mode == AutoAnswerMode.Suggest)
        {
            await SuggestAsync(context, config, question, answer, id, cancellationToken).ConfigureAwait(false);
            await store.RecordEventAsync(request.RequiredScope, AutoAnswerEvent.Suggested, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return BotReply.Done;
        }

        var stillNeedHelp = Component.Button(CustomIds.Create(StillNeedHelpPrefix, id.Value), "Still need help?", ButtonStyle.Secondary, "🙋");
        var message = await presenter.PresentAsync(request, AnswerKind.Question, question, question, answer, offerFollowUp: false, null, cancellationToken, id, stillNeedHelp).ConfigureAwait(false);
        await store.RecordAnswerAsync(new AutoAnswerRecord(id.Value, request.RequiredScope, request.Channel, request.ChannelInfo?.IsThread == true, request.Asker.Id, config.HandoffRole, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await store.RecordEventAsync(request.RequiredScope, AutoAnswerEvent.Posted, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new BotReply(message);
    }

    /// <summary>Suggest mode: the answer, and a link to the question, in the review channel; nothing where it was asked.</summary>
    private async Task SuggestAsync(BotContext context, AutoAnswerChannel config, string question, Core.Answering.Answer answer, AnswerId id, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (config.ReviewChannel is not { } review)
        {
            return;
        }

        var message = await presenter.PresentAsync(request, AnswerKind.Question, question, question, answer, offerFollowUp: false, null, cancellationToken, id).ConfigureAwait(false);
        var link = request.ReplyTo is AutoReplyTarget { Reply: true } target
            ? $"https://discord.com/channels/{request.Guild}/{request.Channel}/{target.Question}"
            : $"https://discord.com/channels/{request.Guild}/{request.Channel}";
        await rest.CreateMessageAsync(review, message with
        {
            Content = AnswerRenderer.Trim($"Briefer can answer this question from <@{request.Asker.Id}> in <#{request.Channel}> ({link}) — pass it on if it is right:", DiscordLimits.ContentLength),
            AllowedMentions = AllowedMentions.None,
        }, cancellationToken).ConfigureAwait(false);
    }
}
