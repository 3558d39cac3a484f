using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefer.Discord.Models;

/// <summary>A Discord id type: a 64-bit snowflake that travels as a decimal string.</summary>
public interface ISnowflake<TSelf>
    where TSelf : struct, ISnowflake<TSelf>
{
    ulong Value { get; }

    static abstract TSelf From(ulong value);
}

/// <summary>Reads and writes a snowflake as Discord does: a JSON string (numbers are accepted on read).</summary>
public sealed class SnowflakeJsonConverter<T> : JsonConverter<T>
    where T : struct, ISnowflake<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return T.From(reader.GetUInt64());
        }

        var text = reader.GetString();
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? T.From(value)
            : throw new JsonException($"'{text}' is not a snowflake.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>A guild (server) id.</summary>
[JsonConverter(typeof(SnowflakeJsonConverter<GuildId>))]
public readonly record struct GuildId(ulong Value) : ISnowflake<GuildId>
{
    public static GuildId From(ulong value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A channel (or thread, or DM channel) id.</summary>
[JsonConverter(typeof(SnowflakeJsonConverter<ChannelId>))]
public readonly record struct ChannelId(ulong Value) : ISnowflake<ChannelId>
{
    public static ChannelId From(ulong value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A user id.</summary>
[JsonConverter(typeof(SnowflakeJsonConverter<UserId>))]
public readonly record struct UserId(ulong Value) : ISnowflake<UserId>
{
    public static UserId From(ulong value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A message id.</summary>
[JsonConverter(typeof(SnowflakeJsonConverter<MessageId>))]
public readonly record struct MessageId(ulong Value) : ISnowflake<MessageId>
{
    public static MessageId From(ulong value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An application id (also the webhook id of interaction follow-ups).</summary>
[JsonConverter(typeof(SnowflakeJsonConverter<AppId>))]
public readonly record struct AppId(ulong Value) : ISnowflake<AppId>
{
    public static AppId From(ulong value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An interaction id.</summary>
[JsonConverter(typeof(SnowflakeJsonConverter<InteractionId>))]
public readonly record struct InteractionId(ulong Value) : ISnowflake<InteractionId>
{
    public static InteractionId From(ulong value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An application command id.</summary>
[JsonConverter(typeof(SnowflakeJsonConverter<CommandId>))]
public readonly record struct CommandId(ulong Value) : ISnowflake<CommandId>
{
    public static CommandId From(ulong value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An attachment id.</summary>
[JsonConverter(typeof(SnowflakeJsonConverter<AttachmentId>))]
public readonly record struct AttachmentId(ulong Value) : ISnowflake<AttachmentId>
{
    public static AttachmentId From(ulong value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A role id (the @everyone role's id is the guild's id).</summary>
[JsonConverter(typeof(SnowflakeJsonConverter<RoleId>))]
public readonly record struct RoleId(ulong Value) : ISnowflake<RoleId>
{
    public static RoleId From(ulong value) => new(value);

    /// <summary>The @everyone role of <paramref name="guild"/>.</summary>
    public static RoleId Everyone(GuildId guild) => new(guild.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A forum or media channel's tag id (<c>available_tags[].id</c>, <c>applied_tags[]</c>).</summary>
[JsonConverter(typeof(SnowflakeJsonConverter<TagId>))]
public readonly record struct TagId(ulong Value) : ISnowflake<TagId>
{
    public static TagId From(ulong value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
