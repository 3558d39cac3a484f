using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Briefer.Discord.Tests.Fakes;

/// <summary>
/// Forum channels on the fake: builders for GUILD_CREATE with forums (<c>available_tags</c>), THREAD_CREATE of a new post
/// (<c>newly_created</c>, <c>applied_tags</c>, <c>owner_id</c>), its starter message (a MESSAGE_CREATE in the thread whose
/// id is the thread's, with the author's <c>member.roles</c>), and Modify Channel answering with the post as changed.
/// </summary>
public sealed partial class FakeDiscordServer
{
    /// <summary>Intent bits IDENTIFY may not ask for: asking closes the connection with 4014, as Discord does for a privileged intent not enabled.</summary>
    public long DisallowedIntents { get; set; }

    /// <summary>Every post's tags as Modify Channel last set them, by thread id.</summary>
    public ConcurrentDictionary<string, JsonArray> AppliedTags { get; } = new();

    /// <summary>A forum tag as <c>available_tags</c> carries it.</summary>
    public static JsonObject Tag(ulong id, string name) => new() { ["id"] = Id(id), ["name"] = name, ["moderated"] = false, ["emoji_id"] = null, ["emoji_name"] = null };

    /// <summary>A guild channel: text (0), forum (15) or media (16), optionally with tags.</summary>
    public static JsonObject GuildChannel(ulong id, ulong guild, int type, string name, JsonArray? tags = null, JsonArray? overwrites = null)
    {
        var channel = new JsonObject { ["id"] = Id(id), ["type"] = type, ["guild_id"] = Id(guild), ["name"] = name, ["permission_overwrites"] = overwrites ?? new JsonArray() };
        if (tags is not null)
        {
            channel["available_tags"] = tags;
        }

        return channel;
    }

    /// <summary>GUILD_CREATE: @everyone may view and send; <paramref name="roles"/> are extra roles as (id, name, permissions).</summary>
    public static JsonObject GuildWith(ulong guild, JsonArray channels, params (ulong Id, string Name, ulong Permissions)[] roles)
    {
        var all = new JsonArray(new JsonObject { ["id"] = Id(guild), ["name"] = "@everyone", ["permissions"] = "3072" });
        foreach (var (id, name, permissions) in roles)
        {
            all.Add(new JsonObject { ["id"] = Id(id), ["name"] = name, ["permissions"] = Id(permissions) });
        }

        return new JsonObject { ["id"] = Id(guild), ["owner_id"] = "999999", ["roles"] = all, ["channels"] = channels, ["threads"] = new JsonArray() };
    }

    /// <summary>THREAD_CREATE of a new forum post (a public thread, type 11).</summary>
    public static JsonObject ForumPost(ulong thread, ulong guild, ulong forum, ulong owner, string title, IEnumerable<ulong>? appliedTags = null, bool newlyCreated = true) => new()
    {
        ["id"] = Id(thread),
        ["type"] = 11,
        ["guild_id"] = Id(guild),
        ["parent_id"] = Id(forum),
        ["owner_id"] = Id(owner),
        ["name"] = title,
        ["applied_tags"] = new JsonArray([.. (appliedTags ?? []).Select(t => (JsonNode)Id(t))]),
        ["newly_created"] = newlyCreated,
        ["thread_metadata"] = new JsonObject { ["archived"] = false, ["auto_archive_duration"] = 4320, ["locked"] = false },
        ["message_count"] = 0,
        ["member_count"] = 1,
    };

    /// <summary>A member's message in a guild channel or thread, with <c>member.roles</c> (MESSAGE_CREATE carries them in guilds).</summary>
    public static JsonObject MemberMessage(ulong id, ulong channel, ulong guild, ulong author, string content, IEnumerable<ulong>? roles = null, JsonObject? referencedMessage = null, bool bot = false)
    {
        var message = Message(id, channel, author, content, guild, bot: bot, referencedMessage: referencedMessage);
        message["member"] = new JsonObject { ["roles"] = new JsonArray([.. (roles ?? []).Select(r => (JsonNode)Id(r))]) };
        return message;
    }

    private JsonObject ModifiedThread(string threadId, string body)
    {
        var tags = JsonNode.Parse(body)?["applied_tags"] as JsonArray;
        if (tags is not null)
        {
            AppliedTags[threadId] = (JsonArray)tags.DeepClone();
        }

        return new JsonObject { ["id"] = threadId, ["type"] = 11, ["applied_tags"] = tags?.DeepClone() ?? new JsonArray() };
    }
}
