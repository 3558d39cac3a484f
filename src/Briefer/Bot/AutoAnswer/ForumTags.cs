using System.Text.RegularExpressions;
using Briefer.Discord.Guilds;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Briefer.Discord.Gateway;
using Microsoft.Extensions.Logging;

namespace Briefer.Bot.AutoAnswer;

/// <summary>
/// A forum's tags as automatic answers read and set them: a post tagged like Solved, Resolved or Needs human is left
/// alone; a 👍 from the poster applies the forum's Solved tag, "Still need help?" its Needs human tag, where the forum
/// has one (matched by name, case- and punctuation-insensitively). Discord replaces a post's tags as a whole, at most 5.
/// </summary>
internal sealed partial class ForumTags(GuildCache guilds, DiscordRestClient rest, ILogger<ForumTags> logger)
{
    public const int MaxAppliedTags = 5;

    /// <summary>Whether the post carries a tag that means "leave it alone" (Solved, Resolved, Needs human).</summary>
    public bool IsClosed(GuildId guild, ChannelId thread)
    {
        if (guilds.Get(guild) is not { } snapshot || !snapshot.Threads.TryGetValue(thread, out var post) || post.AppliedTags is not { Count: > 0 } applied
            || post.ParentId is not { } parent || !snapshot.Channels.TryGetValue(parent, out var forum))
        {
            return false;
        }

        return (forum.AvailableTags ?? []).Any(t => applied.Contains(t.Id) && (Solved().IsMatch(Fold(t.Name)) || NeedsHuman().IsMatch(Fold(t.Name))));
    }

    public Task<bool> ApplySolvedAsync(GuildId guild, ChannelId thread, CancellationToken cancellationToken) => ApplyAsync(guild, thread, "Solved", Solved(), cancellationToken);

    public Task<bool> ApplyNeedsHumanAsync(GuildId guild, ChannelId thread, CancellationToken cancellationToken) => ApplyAsync(guild, thread, "Needs human", NeedsHuman(), cancellationToken);

    private async Task<bool> ApplyAsync(GuildId guild, ChannelId thread, string label, Regex name, CancellationToken cancellationToken)
    {
        if (guilds.Get(guild) is not { } snapshot || !snapshot.Threads.TryGetValue(thread, out var post)
            || post.ParentId is not { } parent || !snapshot.Channels.TryGetValue(parent, out var forum))
        {
            Log.TagNotApplied(logger, thread.Value, label, "the post or its forum is not known yet");
            return false;
        }

        if ((forum.AvailableTags ?? []).FirstOrDefault(t => name.IsMatch(Fold(t.Name))) is not { } tag)
        {
            return false;
        }

        var applied = post.AppliedTags ?? [];
        if (applied.Contains(tag.Id))
        {
            return true;
        }

        if (applied.Count >= MaxAppliedTags)
        {
            Log.TagNotApplied(logger, thread.Value, tag.Name, $"the post already carries {MaxAppliedTags} tags");
            return false;
        }

        try
        {
            var changed = await rest.ModifyThreadAsync(thread, new ModifyThreadParams([.. applied, tag.Id]), cancellationToken).ConfigureAwait(false);
            guilds.Apply(new GuildStateEvent.ChannelChanged((changed ?? post) with { GuildId = guild, ParentId = parent, Type = changed?.Type ?? post.Type, AppliedTags = changed?.AppliedTags ?? [.. applied, tag.Id] }));
            return true;
        }
        catch (DiscordRestException ex)
        {
            Log.TagNotApplied(logger, thread.Value, tag.Name, ex.Message);
            return false;
        }
    }

    private static string Fold(string name) => NonLetters().Replace(name, " ").Trim();

    [GeneratedRegex(@"^(solved|resolved|answered)$", RegexOptions.IgnoreCase)]
    private static partial Regex Solved();

    [GeneratedRegex(@"^needs? (a )?(human|help|support)$", RegexOptions.IgnoreCase)]
    private static partial Regex NeedsHuman();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonLetters();
}
