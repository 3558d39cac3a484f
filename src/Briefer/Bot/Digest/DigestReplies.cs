using System.Globalization;
using System.Text;
using Briefer.Answers;
using Briefer.Bot.Pipeline;
using Briefer.Digests;
using Briefer.Discord.Models;

namespace Briefer.Bot.Digest;

/// <summary>The admin's private replies to <c>/digest</c>: what was scheduled, the server's digests, what a run did.</summary>
internal static class DigestReplies
{
    private const int Color = 0x2B6CB0;
    private const int DisabledColor = 0xC53030;

    public static BotReply Added(DigestSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var text = $"Digest #{schedule.Id} added: **{AnswerRenderer.EscapeMarkdown(schedule.Topic)}**, {schedule.Recurrence}, in {Mention(schedule.Channel)}.\n"
            + $"The first one is due {schedule.Recurrence.Format(schedule.NextRunAt)} and covers what is new since {schedule.Recurrence.Format(schedule.WindowStart)}. "
            + $"Nothing is posted when nothing new is relevant. /digest run id:{schedule.Id} posts one now.";
        return BotReply.Text(text);
    }

    public static BotReply Removed(DigestSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return BotReply.Text($"Removed digest #{schedule.Id} (**{AnswerRenderer.EscapeMarkdown(schedule.Topic)}** in {Mention(schedule.Channel)}).");
    }

    public static string NoSuchDigest(DigestScheduleId id) => $"This server has no digest #{id}; /digest list shows its digests.";

    public static BotReply Ran(DigestSchedule schedule, DigestRunResult result)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(result);
        var where = result.Outcome == DigestRunOutcome.Posted ? $" (in {Mention(schedule.Channel)})" : string.Empty;
        return BotReply.Text($"Digest #{schedule.Id}: {result.Message}{where}");
    }

    /// <summary>One embed field per schedule, oldest first; disabled ones say why and how to re-enable them.</summary>
    public static BotReply List(IReadOnlyList<DigestSchedule> schedules)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        if (schedules.Count == 0)
        {
            return BotReply.Text("This server has no digests. Add one: /digest add channel:#briefing topic:Venezuela every:daily at:08:00");
        }

        var fields = schedules.Take(DiscordLimits.EmbedFields).Select(Field).ToList();
        var disabled = schedules.Count(s => !s.Enabled);
        var summary = schedules.Count == 1 ? "1 digest" : $"{schedules.Count} digests";
        if (disabled > 0)
        {
            summary += $", {disabled} disabled (fix what its note says, then /digest run re-enables it)";
        }

        var embed = new Embed("Digests in this server", summary + ".", fields, Color: disabled > 0 ? DisabledColor : Color);
        return new BotReply(new MessageParams(Embeds: [Fit(embed)], AllowedMentions: AllowedMentions.None));
    }

    // Outcomes and notes are Briefer's own sentences (with channel mentions), so they are not Markdown-escaped; the
    // message pings nobody either way.
    private static EmbedField Field(DigestSchedule s)
    {
        var lines = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{Mention(s.Channel)} · {s.Recurrence}\n")
            .Append(s.Enabled ? $"Next: {s.Recurrence.Format(s.NextRunAt)}" : "Next: none while disabled")
            .Append(CultureInfo.InvariantCulture, $" · Last: {(s.LastOutcome ?? "not run yet")}");
        if (s.DisabledReason is { } reason)
        {
            lines.Append(CultureInfo.InvariantCulture, $"\n⚠️ Disabled: {reason}");
        }

        var name = AnswerRenderer.Trim($"#{s.Id} · {AnswerRenderer.EscapeMarkdown(s.Topic)}", DiscordLimits.EmbedFieldName);
        return new EmbedField(name, AnswerRenderer.Trim(lines.ToString(), DiscordLimits.EmbedFieldValue));
    }

    // Ten schedules (the default limit) fit at full length; more share what the embed may hold (6,000 characters).
    private static Embed Fit(Embed embed)
    {
        var fields = embed.Fields!;
        var perField = (DiscordLimits.EmbedTotal - (embed.Title?.Length ?? 0) - (embed.Description?.Length ?? 0)) / Math.Max(1, fields.Count);
        return embed with
        {
            Fields = [.. fields.Select(f =>
            {
                var name = AnswerRenderer.Trim(f.Name, Math.Min(f.Name.Length, perField / 4));
                return new EmbedField(name, AnswerRenderer.Trim(f.Value, perField - name.Length));
            })],
        };
    }

    private static string Mention(ChannelId channel) => $"<#{channel}>";
}
