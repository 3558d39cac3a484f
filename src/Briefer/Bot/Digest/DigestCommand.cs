using System.Globalization;
using Briefer.Answers;
using Briefer.Bot.Pipeline;
using Briefer.Digests;
using Briefer.Discord.Models;
using NodaTime;

namespace Briefer.Bot.Digest;

/// <summary>
/// <c>/digest add|list|remove|run</c> (admins, private replies): scheduled digests of what is new on a topic, posted
/// into a channel. A thin adapter over <see cref="IDigestSchedules"/>, which validates, stores and schedules; this reads
/// the options, checks the channel, and renders the results (<see cref="DigestReplies"/>).
/// </summary>
/// <param name="digests">The schedules; null in a worker without scheduled digests (no <c>AddDigests()</c>), where every subcommand says so.</param>
internal sealed class DigestCommand(IDigestSchedules? digests = null) : IBotCommand, IBotAutocomplete
{
    public const string Name = "digest";
    public const string NotEnabled = "Scheduled digests are not set up in this Briefer worker.";

    private static readonly IReadOnlyList<int> PostableChannels = [ChannelTypes.GuildText, ChannelTypes.GuildAnnouncement];

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Slash(Name)];

    public ApplicationCommand Definition { get; } = new(Name, "Post a digest of what is new on a topic into a channel, on a schedule (admins).",
        [
            new(CommandOptionType.SubCommand, "add", "Schedule a digest: what is new on a topic, posted in a channel", Options:
            [
                new(CommandOptionType.Channel, "channel", "The channel to post in", Required: true, ChannelTypes: PostableChannels),
                new(CommandOptionType.String, "topic", "What the digest is about, e.g. Venezuela", Required: true, MaxLength: DigestSchedules.MaxTopicLength),
                new(CommandOptionType.String, "every", "How often", Required: true, Choices: EveryChoices()),
                new(CommandOptionType.String, "at", "The local time of day, 24-hour HH:mm, e.g. 08:00", Required: true, MaxLength: 5),
                new(CommandOptionType.String, "timezone", "An IANA time zone, e.g. Europe/Madrid (default UTC)", Autocomplete: true, MaxLength: 64),
                new(CommandOptionType.String, "since", "What the first digest covers: auto (one period back), a date like 2026-01-08, or 7d", MaxLength: 20),
            ]),
            new(CommandOptionType.SubCommand, "list", "This server's digests: where, when, next and last run"),
            new(CommandOptionType.SubCommand, "remove", "Stop and delete a digest", Options:
                [new(CommandOptionType.String, "id", "The digest's number, from /digest list", Required: true, Autocomplete: true, MaxLength: 20)]),
            new(CommandOptionType.SubCommand, "run", "Post a digest now: what is new since its previous one", Options:
                [new(CommandOptionType.String, "id", "The digest's number, from /digest list", Required: true, Autocomplete: true, MaxLength: 20)]),
        ],
        DefaultMemberPermissions: CommandCatalog.AdminDefaultPermissions, Contexts: CommandCatalog.GuildOnly);

    public BotPolicy Policy { get; } = new(AdminOnly: true, RateLimited: false, Ephemeral: true);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Subcommand switch
        {
            "add" => PrepareAdd(request),
            "list" => Work(async (schedules, ct) => DigestReplies.List(await schedules.ListAsync(request.RequiredScope, ct).ConfigureAwait(false))),
            "remove" => PrepareRemove(request, ReadId(request)),
            "run" => PrepareRun(request, ReadId(request)),
            _ => throw new ArgumentException("Use /digest add, /digest list, /digest remove or /digest run."),
        };
    }

    public async Task<IReadOnlyList<CommandChoice>> SuggestAsync(BotRequest request, string typed, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var focused = request.Data?.LeafOptions.FirstOrDefault(o => o.Focused == true)?.Name;
        if (focused == "timezone")
        {
            // Matched anywhere in the id, so "madrid" finds Europe/Madrid; exact-prefix matches first.
            return DateTimeZoneProviders.Tzdb.Ids
                .Where(id => id.Contains(typed.Replace(' ', '_'), StringComparison.OrdinalIgnoreCase))
                .OrderBy(id => id.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(id => id, StringComparer.Ordinal)
                .Take(DiscordLimits.AutocompleteChoices)
                .Select(id => new CommandChoice(id, id))
                .ToList();
        }

        if (focused != "id" || digests is null)
        {
            return [];
        }

        var schedules = await digests.ListAsync(request.RequiredScope, cancellationToken).ConfigureAwait(false);
        return schedules
            .Where(s => typed.Length == 0 || s.Id.ToString().StartsWith(typed.TrimStart('#'), StringComparison.Ordinal) || s.Topic.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .Take(DiscordLimits.AutocompleteChoices)
            .Select(s => new CommandChoice(AnswerRenderer.Trim($"#{s.Id} {s.Topic} — {s.Recurrence}", DiscordLimits.ChoiceName), s.Id.ToString()))
            .ToList();
    }

    private BotWork PrepareAdd(BotRequest request)
    {
        var channel = ReadChannel(request);

        // Checked here too, so a mistyped time or zone is refused at once; the service checks everything again.
        if (!DigestRecurrence.TryParse(request.Option("every"), request.Option("at"), request.Option("timezone") ?? "UTC", out _, out var error))
        {
            throw new ArgumentException(error);
        }

        var schedule = new NewDigestSchedule(request.RequiredScope, channel, request.Option("topic") ?? string.Empty,
            request.Option("every") ?? string.Empty, request.Option("at") ?? string.Empty, request.Option("timezone"), request.Option("since"), request.Asker.Id);
        return Work(async (schedules, ct) => DigestReplies.Added(await schedules.AddAsync(schedule, ct).ConfigureAwait(false)));
    }

    private BotWork PrepareRemove(BotRequest request, DigestScheduleId id) => Work(async (schedules, ct) =>
    {
        var existing = (await schedules.ListAsync(request.RequiredScope, ct).ConfigureAwait(false)).FirstOrDefault(s => s.Id == id);
        return existing is not null && await schedules.RemoveAsync(request.RequiredScope, id, ct).ConfigureAwait(false)
            ? DigestReplies.Removed(existing)
            : BotReply.Text(DigestReplies.NoSuchDigest(id));
    });

    // Composing and posting take a few seconds: the deferral comes first, the outcome follows.
    private BotWork PrepareRun(BotRequest request, DigestScheduleId id) => Work(async (schedules, ct) =>
    {
        var schedule = (await schedules.ListAsync(request.RequiredScope, ct).ConfigureAwait(false)).FirstOrDefault(s => s.Id == id);
        if (schedule is null)
        {
            return BotReply.Text(DigestReplies.NoSuchDigest(id));
        }

        return DigestReplies.Ran(schedule, await schedules.RunNowAsync(request.RequiredScope, id, ct).ConfigureAwait(false));
    });

    private BotWork Work(Func<IDigestSchedules, CancellationToken, Task<BotReply>> run) =>
        new(BotAck.Defer, (_, cancellationToken) =>
            digests is { } schedules ? run(schedules, cancellationToken) : Task.FromResult(BotReply.Text(NotEnabled)));

    private static ChannelId ReadChannel(BotRequest request)
    {
        if (!ulong.TryParse(request.Option("channel"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == 0)
        {
            throw new ArgumentException("Pick the channel to post in from the list (channel:#briefing).");
        }

        // Discord offers only text and announcement channels; a client that sends another kind is told why.
        if (request.Data?.Resolved?.Channels?.GetValueOrDefault(request.Option("channel")!) is { Type: { } type } && !PostableChannels.Contains(type))
        {
            throw new ArgumentException("Digests are posted in a text or announcement channel; pick one of those (not a voice channel, category, forum or thread).");
        }

        return new ChannelId(id);
    }

    private static DigestScheduleId ReadId(BotRequest request) =>
        DigestScheduleId.TryParse(request.Option("id"), out var id)
            ? id
            : throw new ArgumentException($"'{request.Option("id")}' is not a digest number; /digest list shows them (e.g. 3 or #3).");

    private static IReadOnlyList<CommandChoice> EveryChoices() =>
        [.. DigestRecurrence.EveryValues.Select(v => new CommandChoice(v is "daily" or "weekdays" ? v : "weekly on " + CultureInfo.InvariantCulture.TextInfo.ToTitleCase(v), v))];
}
