using System.Collections.Concurrent;
using Briefer.AutoAnswers;
using Briefer.Bot.Pipeline;
using Briefer.Core.Documents;
using Briefer.Discord.Gateway;
using Briefer.Discord.Guilds;
using Briefer.Discord.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.AutoAnswer;

/// <summary>
/// Notices new questions in configured help and forum channels and, after the debounce, sends each through the pipeline
/// as one <see cref="BotRequestKind.AutoAnswer"/> request. A forum post starts with THREAD_CREATE (<c>newly_created</c>)
/// and its starter message (a MESSAGE_CREATE in the thread whose id is the thread's), in either order; the poster's
/// further messages in the window are merged. A help-channel question is a message that reads as one, not a reply to
/// someone else, not from a bot. A moderator's reply in the window silences it; edits (MESSAGE_UPDATE) are not read.
/// </summary>
internal sealed class AutoAnswerWatcher(
    CommandCatalog catalog,
    BotResponder responder,
    GatewaySession gateway,
    GuildCache guilds,
    AutoAnswerChannels channels,
    AutoAnswerStore store,
    AutoAnswerCaps caps,
    ForumTags tags,
    IOptions<AutoAnswerOptions> options,
    TimeProvider time,
    ILogger<AutoAnswerWatcher> logger) : IGatewayEventHandler
{
    private readonly ConcurrentDictionary<string, PendingQuestion> _pending = new();
    private readonly Lock _trackGate = new();

    /// <summary>Questions waiting out their debounce (for tests and health).</summary>
    public int Pending => _pending.Count;

    /// <summary>The question waiting under <paramref name="key"/> as it would be asked now; null when none waits (for tests).</summary>
    internal string? QuestionOf(string key) => _pending.TryGetValue(key, out var pending) ? pending.Question : null;

    /// <summary>Whether the question waiting under <paramref name="key"/> was silenced by a moderator; null when none waits (for tests).</summary>
    internal bool? SilencedOf(string key) => _pending.TryGetValue(key, out var pending) ? pending.Silenced : null;

    public async Task OnGuildStateAsync(GuildStateEvent change, CancellationToken cancellationToken)
    {
        if (change is not GuildStateEvent.ChannelChanged { Channel: { IsThread: true, NewlyCreated: true, GuildId: { } guild, ParentId: { } parent } thread })
        {
            return;
        }

        // A thread started in a text help channel is not a new question: its message was one already.
        var scope = ScopeId.ForGuild(guild.Value);
        if (guilds.Get(guild)?.Channels.GetValueOrDefault(parent) is { IsForum: false }
            || await channels.FindAsync(scope, parent, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        var pending = Track($"post:{thread.Id}", () => new PendingQuestion($"post:{thread.Id}", guild, scope, thread.Id, isPost: true, null) { Parent = parent, Title = thread.Name, Asker = thread.OwnerId });
        pending.Parent = parent;
        pending.Title = thread.Name;
        pending.Asker ??= thread.OwnerId;
    }

    public async Task OnMessageCreateAsync(MessageCreateEvent message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.GuildId is not { } guild || message.Author.Bot == true || message.WebhookId is not null
            || gateway.CurrentUser is not { } me || message.Author.Id == me.Id)
        {
            return;
        }

        var scope = ScopeId.ForGuild(guild.Value);
        if (_pending.TryGetValue($"post:{message.ChannelId}", out var post))
        {
            await OnPostMessageAsync(post, message, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (message.Id.Value == message.ChannelId.Value)
        {
            // A forum post's starter message before its THREAD_CREATE: its forum is checked when the debounce ends.
            var created = false;
            var early = Track($"post:{message.ChannelId}", () =>
            {
                created = true;
                var question = new PendingQuestion($"post:{message.ChannelId}", guild, scope, message.ChannelId, isPost: true, message.Id) { Asker = message.Author.Id };
                question.Add(message.Content);
                return question;
            });
            if (!created)
            {
                // THREAD_CREATE won the race after all: this is the starter message of a post now tracked.
                await OnPostMessageAsync(early, message, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (guilds.Get(guild)?.Threads.ContainsKey(message.ChannelId) == true
            || await channels.FindAsync(scope, message.ChannelId, cancellationToken).ConfigureAwait(false) is not { } config)
        {
            return;
        }

        await OnHelpChannelMessageAsync(guild, scope, config, message).ConfigureAwait(false);
    }

    Task IGatewayEventHandler.OnIntentsRefusedAsync(GatewayIntents refused, CancellationToken cancellationToken) =>
        (refused & GatewayIntents.MessageContent) != 0
            ? store.SetStateAsync(AutoAnswerStore.MessageContentRefusedKey, time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture), cancellationToken)
            : Task.CompletedTask;

    private async Task OnPostMessageAsync(PendingQuestion post, MessageCreateEvent message, CancellationToken cancellationToken)
    {
        if (post.Asker is null || post.Asker == message.Author.Id)
        {
            post.Asker ??= message.Author.Id;
            post.FirstMessage ??= message.Id;
            post.Add(message.Content);
            post.Timer?.Change(options.Value.Debounce, Timeout.InfiniteTimeSpan);
            return;
        }

        var role = post.Parent is { } parent && await channels.FindAsync(post.Scope, parent, cancellationToken).ConfigureAwait(false) is { } config ? config.HandoffRole : null;
        if (IsModerator(post.Guild, post.Channel, message, role))
        {
            post.Silenced = true;
        }
    }

    private Task OnHelpChannelMessageAsync(GuildId guild, ScopeId scope, AutoAnswerChannel config, MessageCreateEvent message)
    {
        var key = $"msg:{message.ChannelId}:{message.Author.Id}";
        var repliesTo = message.ReferencedMessage?.Author?.Id;
        if (IsModerator(guild, message.ChannelId, message, config.HandoffRole))
        {
            // A moderator answering someone's question (a reply to it, or any message while only one question waits).
            foreach (var waiting in _pending.Values.Where(p => !p.IsPost && p.Channel == message.ChannelId
                         && (repliesTo is null ? _pending.Values.Count(q => !q.IsPost && q.Channel == message.ChannelId) == 1 : p.Asker == repliesTo)))
            {
                waiting.Silenced = true;
            }

            return Task.CompletedTask;
        }

        if (_pending.TryGetValue(key, out var existing))
        {
            existing.Add(message.Content);
            existing.Timer?.Change(options.Value.Debounce, Timeout.InfiniteTimeSpan);
            return Task.CompletedTask;
        }

        if ((repliesTo is { } other && other != message.Author.Id) || !QuestionDetector.ReadsAsQuestion(message.Content))
        {
            return Task.CompletedTask;
        }

        var created = false;
        var pending = Track(key, () =>
        {
            created = true;
            var question = new PendingQuestion(key, guild, scope, message.ChannelId, isPost: false, message.Id) { Parent = message.ChannelId, Asker = message.Author.Id };
            question.Add(message.Content);
            return question;
        });
        if (!created)
        {
            pending.Add(message.Content);
        }

        return Task.CompletedTask;
    }

    private PendingQuestion Track(string key, Func<PendingQuestion> create)
    {
        // THREAD_CREATE and the starter message arrive on handlers running at once: one pending question, one timer,
        // armed before the question is visible (and before it can fire: FireAsync takes the same lock).
        lock (_trackGate)
        {
            if (_pending.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var pending = create();
            pending.Timer = time.CreateTimer(_ => _ = FireAsync(pending), null, options.Value.Debounce, Timeout.InfiniteTimeSpan);
            _pending[key] = pending;
            return pending;
        }
    }

    private bool IsModerator(GuildId guild, ChannelId channel, MessageCreateEvent message, RoleId? handoffRole)
    {
        var roles = message.Member?.Roles ?? guilds.RolesOf(guild, message.Author.Id) ?? [];
        if (handoffRole is { } role && roles.Contains(role))
        {
            return true;
        }

        return guilds.Get(guild) is { } snapshot
            && PermissionCalculator.InChannel(snapshot, message.Author.Id, [.. roles], channel) is { } permissions
            && (permissions & (DiscordPermissions.ManageMessages | DiscordPermissions.Administrator)) != 0;
    }

    private async Task FireAsync(PendingQuestion pending)
    {
        lock (_trackGate)
        {
            if (!_pending.TryRemove(new KeyValuePair<string, PendingQuestion>(pending.Key, pending)))
            {
                return;
            }
        }

        pending.Dispose();
        try
        {
            if (await ReasonToSkipAsync(pending).ConfigureAwait(false) is { } reason)
            {
                Log.AutoAnswerSkipped(logger, pending.Key, reason);
                return;
            }

            var request = new BotRequest(BotRequestKind.AutoAnswer, BotRoute.AutoAnswer.Name, pending.Guild, pending.Channel, pending.Scope,
                new BotAsker(pending.Asker!.Value, Permissions: null), new AutoReplyTarget(pending.FirstMessage ?? new MessageId(pending.Channel.Value), Reply: !pending.IsPost), time.GetTimestamp())
            {
                Text = pending.Question,
                ChannelInfo = pending.IsPost ? new DiscordChannel(pending.Channel, 11, pending.Guild, pending.Title, pending.Parent) : null,
            };
            await responder.RespondAsync(request, catalog.Find(BotRequestKind.AutoAnswer, BotRoute.AutoAnswer.Name)!, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The top of a timer callback: log and carry on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.AutoAnswerFailed(logger, pending.Key, ex);
        }
    }

    private async Task<string?> ReasonToSkipAsync(PendingQuestion pending)
    {
        if (pending.Silenced)
        {
            return "a moderator replied first";
        }

        pending.Parent ??= guilds.Get(pending.Guild)?.ParentOf(pending.Channel);
        if (pending.Parent is not { } parent || await channels.FindAsync(pending.Scope, parent, CancellationToken.None).ConfigureAwait(false) is null)
        {
            return "not in a configured channel";
        }

        if (pending.Asker is null || pending.Question.Length == 0)
        {
            return "no question text (is the Message Content intent enabled?)";
        }

        if (catalog.Find(BotRequestKind.AutoAnswer, BotRoute.AutoAnswer.Name) is null)
        {
            return "automatic answers are not registered";
        }

        if (pending.IsPost && tags.IsClosed(pending.Guild, pending.Channel))
        {
            return "the post is tagged solved or needs human";
        }

        if (caps.TryTake(pending.Asker.Value, parent) is { } capped)
        {
            return capped;
        }

        return await store.TryClaimAsync(pending.Scope, pending.Key, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false) ? null : "it was handled already";
    }
}
