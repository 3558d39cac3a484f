using System.Text.Json.Serialization;
using Briefer.Discord.Gateway;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;

namespace Briefer.Discord;

/// <summary>Source-generated JSON for every payload Briefer sends or reads: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GatewayPayload))]
[JsonSerializable(typeof(GatewayCommand<IdentifyParams>))]
[JsonSerializable(typeof(GatewayCommand<ResumeParams>))]
[JsonSerializable(typeof(GatewayCommand<int?>))]
[JsonSerializable(typeof(HelloEvent))]
[JsonSerializable(typeof(ReadyEvent))]
[JsonSerializable(typeof(GatewayBotResponse))]
[JsonSerializable(typeof(InteractionCreateEvent))]
[JsonSerializable(typeof(MessageCreateEvent))]
[JsonSerializable(typeof(MessageParams))]
[JsonSerializable(typeof(InteractionResponseParams))]
[JsonSerializable(typeof(AutocompleteResponseParams))]
[JsonSerializable(typeof(ModalResponseParams))]
[JsonSerializable(typeof(StartThreadParams))]
[JsonSerializable(typeof(ModifyThreadParams))]
[JsonSerializable(typeof(DiscordChannel))]
[JsonSerializable(typeof(GuildCreateEvent))]
[JsonSerializable(typeof(GuildDeleteEvent))]
[JsonSerializable(typeof(GuildRoleEvent))]
[JsonSerializable(typeof(GuildRoleDeleteEvent))]
[JsonSerializable(typeof(GuildMemberUpdateEvent))]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(List<ApplicationCommand>))]
[JsonSerializable(typeof(DiscordErrorBody))]
[JsonSerializable(typeof(bool))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;
