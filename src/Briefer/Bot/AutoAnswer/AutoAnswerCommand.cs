using System.Globalization;
using System.Text;
using Briefer.AutoAnswers;
using Briefer.Bot.Pipeline;
using Briefer.Discord;
using Briefer.Discord.Gateway;
using Briefer.Discord.Models;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.AutoAnswer;

/// <summary>
/// <c>/autoanswer add|list|remove</c> (admins, private replies): which help and forum channels Briefer answers new
/// questions in on its own, how (answer or suggest), whom it hands off to, and at what confidence.
/// </summary>
internal sealed class AutoAnswerCommand(
    TimeProvider time,
    AutoAnswerStore store,
    AutoAnswerChannels channels,
    IOptions<AutoAnswerOptions> options,
    IOptions<DiscordOptions> discord,
    GatewaySession session) : IBotCommand
{
    public const string Name = "autoanswer";

    // Media channels (16) are forums too, and the watcher answers in them, but the OpenAPI spec Briefer validates against
    // does not list type 16 among a channel option's channel_types: they are configured with the CLI (briefer autoanswer add).
    private static readonly IReadOnlyList<int> QuestionChannels = [ChannelTypes.GuildText, ChannelTypes.GuildForum];

    private static readonly IReadOnlyList<int> AcceptedChannels = [ChannelTypes.GuildText, ChannelTypes.GuildForum, ChannelTypes.GuildMedia];

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Slash(Name)];

    public ApplicationCommand Definition { get; } = new(Name, "Answer new questions in help and forum channels on my own, or hand them off (admins).",
        [
            new(CommandOptionType.SubCommand, "add", "Answer new questions in a help or forum channel when the documents cover them", Options:
            [
                new(CommandOptionType.Channel, "channel", "The help channel or forum", Required: true, ChannelTypes: QuestionChannels),
                new(CommandOptionType.String, "mode", "answer: post answers; suggest: send them to a review channel for a human (default answer)",
                    Choices: [new("answer", "answer"), new("suggest", "suggest")]),
                new(CommandOptionType.Role, "handoff-role", "Pinged once when the documents do not cover a question"),
                new(CommandOptionType.Number, "min-confidence", "How sure Briefer must be to answer, 0-1 (default: the shipped threshold)"),
                new(CommandOptionType.Channel, "review-channel", "Suggest mode: where suggested answers go", ChannelTypes: [ChannelTypes.GuildText]),
            ]),
            new(CommandOptionType.SubCommand, "list", "The channels Briefer answers in on its own, and how"),
            new(CommandOptionType.SubCommand, "remove", "Stop answering on my own in a channel", Options:
                [new(CommandOptionType.Channel, "channel", "The help channel or forum", Required: true, ChannelTypes: QuestionChannels)]),
        ],
        DefaultMemberPermissions: CommandCatalog.AdminDefaultPermissions, Contexts: CommandCatalog.GuildOnly);

    public BotPolicy Policy { get; } = new(AdminOnly: true, RateLimited: false, Ephemeral: true);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Subcommand switch
        {
            "add" => PrepareAdd(request),
            "list" => Work(async ct => BotReply.Text(await ListAsync(request, ct).ConfigureAwait(false))),
            "remove" => PrepareRemove(request, ReadChannel(request, "channel")!.Value),
            _ => throw new ArgumentException("Use /autoanswer add, /autoanswer list or /autoanswer remove."),
        };
    }

    private BotWork PrepareAdd(BotRequest request)
    {
        var channel = ReadChannel(request, "channel")!.Value;
        AutoAnswerMode? mode = request.Option("mode") switch
        {
            null => null,
            "suggest" => AutoAnswerMode.Suggest,
            _ => AutoAnswerMode.Answer,
        };
        var role = request.Option("handoff-role") is { } r && ulong.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var roleId) ? new RoleId(roleId) : (RoleId?)null;
        double? minConfidence = null;
        if (request.Option("min-confidence") is { } text)
        {
            minConfidence = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
                ? value
                : throw new ArgumentException("min-confidence is a number from 0 to 1, e.g. 0.7 (higher: fewer but safer answers).");
        }

        var review = ReadChannel(request, "review-channel");
        return Work(async ct =>
        {
            var existing = (await store.ListChannelsAsync(request.RequiredScope, ct).ConfigureAwait(false)).FirstOrDefault(x => x.Channel == channel);
            var config = AutoAnswerChannel.Configure(existing, request.RequiredScope, channel, mode, role, minConfidence, review, time.GetUtcNow(), request.Asker.Id);
            if (config.Mode == AutoAnswerMode.Suggest && config.ReviewChannel is null)
            {
                return BotReply.Text("Suggest mode needs a review-channel: the private channel where moderators get the suggested answers.");
            }

            if (config.ReviewsInItsOwnChannel)
            {
                return BotReply.Text("The review-channel must be another channel than the help channel: suggested answers are for moderators, not for the members who asked.");
            }

            var added = await store.UpsertChannelAsync(config, ct).ConfigureAwait(false);
            channels.Invalidate(request.RequiredScope);
            var text = new StringBuilder((added ? "Added " : "Updated ") + Describe(config));
            if (IntentNote() is { } note)
            {
                text.Append("\n\n").Append(note);
            }

            return BotReply.Text(text.ToString());
        });
    }

    private BotWork PrepareRemove(BotRequest request, ChannelId channel) => Work(async ct =>
    {
        var removed = await store.RemoveChannelAsync(request.RequiredScope, channel, ct).ConfigureAwait(false);
        channels.Invalidate(request.RequiredScope);
        return BotReply.Text(removed ? $"I no longer answer on my own in <#{channel}>." : $"<#{channel}> was not set up for automatic answers (/autoanswer list shows them).");
    });

    private async Task<string> ListAsync(BotRequest request, CancellationToken cancellationToken)
    {
        var configured = await store.ListChannelsAsync(request.RequiredScope, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder(configured.Count == 0
            ? "No channel is set up for automatic answers. Add one with /autoanswer add channel:#help."
            : "I answer new questions on my own in:\n" + string.Join('\n', configured.Select(c => "• " + Describe(c))));
        if (IntentNote() is { } note)
        {
            text.Append("\n\n").Append(note);
        }

        return text.ToString();
    }

    /// <summary>What an admin must know about the Message Content intent, or null when all is well.</summary>
    private string? IntentNote()
    {
        if ((session.RefusedIntents & GatewayIntents.MessageContent) != 0)
        {
            return "⚠️ Discord refused the Message Content intent (it is not enabled in the Developer Portal, Bot > Privileged Gateway Intents), so I run without it: I read forum post titles, but not the text of messages that do not mention me. Enable it and restart Briefer.";
        }

        return ((discord.Value.Intents | discord.Value.OptionalIntents) & GatewayIntents.MessageContent) == 0
            ? "⚠️ I was started without the Message Content intent, so I read forum post titles only. Restart Briefer to request it now that a channel is set up (and enable it in the Developer Portal, Bot > Privileged Gateway Intents)."
            : null;
    }

    private string Describe(AutoAnswerChannel c)
    {
        var threshold = c.MinConfidence ?? options.Value.MinConfidence;
        return string.Create(CultureInfo.InvariantCulture, $"<#{c.Channel}>: {(c.Mode == AutoAnswerMode.Suggest ? $"suggest answers in <#{c.ReviewChannel}>" : "answer")}, ")
            + (c.HandoffRole is { } role ? $"hand off to <@&{role}>" : "silent when not covered")
            + string.Create(CultureInfo.InvariantCulture, $", min confidence {threshold:0.00}{(c.MinConfidence is null ? " (default)" : string.Empty)}.");
    }

    private static BotWork Work(Func<CancellationToken, Task<BotReply>> run) =>
        new(BotAck.Defer, (_, cancellationToken) => run(cancellationToken));

    private static ChannelId? ReadChannel(BotRequest request, string option)
    {
        if (request.Option(option) is not { } text)
        {
            return null;
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == 0)
        {
            throw new ArgumentException($"Pick the {option} from the list.");
        }

        if (option == "channel" && request.Data?.Resolved?.Channels?.GetValueOrDefault(text) is { Type: { } type } && !AcceptedChannels.Contains(type))
        {
            throw new ArgumentException("Automatic answers work in text help channels and forum (or media) channels; pick one of those.");
        }

        return new ChannelId(id);
    }
}
