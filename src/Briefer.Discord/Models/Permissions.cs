using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Discord.Models;

/// <summary>The permission bits Briefer cares about; Discord sends the set as a decimal string.</summary>
[Flags]
[JsonConverter(typeof(PermissionsJsonConverter))]
#pragma warning disable CA1711 // "Permissions" is Discord's name for the bit set.
public enum DiscordPermissions : ulong
#pragma warning restore CA1711
{
    None = 0,
    Administrator = 1UL << 3,
    ManageGuild = 1UL << 5,
    ViewChannel = 1UL << 10,
    SendMessages = 1UL << 11,

    /// <summary>Delete and pin others' messages: who counts as a moderator in a help channel.</summary>
    ManageMessages = 1UL << 13,
    EmbedLinks = 1UL << 14,
    ReadMessageHistory = 1UL << 16,
    ManageThreads = 1UL << 34,
    SendMessagesInThreads = 1UL << 38,

    /// <summary>Every bit: what the guild owner and administrators have.</summary>
    All = ulong.MaxValue,
}

/// <summary>Reads and writes a permission bit set as a decimal string.</summary>
public sealed class PermissionsJsonConverter : JsonConverter<DiscordPermissions>
{
    public override DiscordPermissions Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return (DiscordPermissions)reader.GetUInt64();
        }

        return ulong.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            ? (DiscordPermissions)bits
            : DiscordPermissions.None;
    }

    public override void Write(Utf8JsonWriter writer, DiscordPermissions value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(((ulong)value).ToString(CultureInfo.InvariantCulture));
    }
}
