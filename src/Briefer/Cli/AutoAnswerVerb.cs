using System.CommandLine;
using System.Globalization;
using Briefer.AutoAnswers;
using Briefer.Core.Documents;
using Briefer.Discord.Models;
using Microsoft.Extensions.Options;

namespace Briefer.Cli;

/// <summary>
/// <c>briefer autoanswer add|list|remove --guild … --channel …</c>: the same configuration as <c>/autoanswer</c>, against
/// the data directory (a running bot sees changes within a minute). Media channels (type 16) can be added only here.
/// </summary>
internal sealed class AutoAnswerVerb(AutoAnswerStore store, IOptions<AutoAnswerOptions> options, TimeProvider time) : IVerb
{
    public static Command Define()
    {
        var action = new Argument<string>("action") { Description = "add, list or remove" };
        action.AcceptOnlyFromAmong("add", "list", "remove");
        return new Command("autoanswer", "Configure automatic answers in Discord help and forum channels (as /autoanswer does).")
        {
            action,
            IdOption("--guild", "The server (guild) id; list: all servers when omitted.", "Copy Server ID"),
            IdOption("--channel", "The help channel's or forum's id (add, remove).", "Copy Channel ID"),
            new Option<string?>("--mode") { Description = "answer (post answers, default) or suggest (send them to --review-channel)." },
            IdOption("--handoff-role", "The role pinged once when the documents do not cover a question.", "Copy Role ID"),
            new Option<double?>("--min-confidence")
            {
                Description = $"The channel's automatic threshold, 0-1 (default AutoAnswer:MinConfidence, {AutoAnswerOptions.DefaultMinConfidence.ToString(CultureInfo.InvariantCulture)}).",
                CustomParser = result =>
                {
                    var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
                    {
                        return value;
                    }

                    result.AddError($"--min-confidence must be a number from 0 to 1 (e.g. 0.9), not '{text}'.");
                    return null;
                },
            },
            IdOption("--review-channel", "Suggest mode: the channel suggested answers go to.", "Copy Channel ID"),
        };
    }

    /// <summary>A Discord id option that says what is wrong in words (never a .NET type name).</summary>
    private static Option<ulong?> IdOption(string name, string description, string copyCommand) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                return id;
            }

            result.AddError($"{name} must be a Discord id (digits only, e.g. 123456789012345678), not '{text}': in Discord, Developer Mode on, right-click > {copyCommand}.");
            return null;
        },
    };

    public async Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        var guild = parseResult.GetValue<ulong?>("--guild");
        var channel = parseResult.GetValue<ulong?>("--channel");
        var scope = guild is { } g ? ScopeId.ForGuild(g) : (ScopeId?)null;
        switch (parseResult.GetValue<string>("action"))
        {
            case "list":
                var channels = await store.ListChannelsAsync(scope, cancellationToken).ConfigureAwait(false);
                var refusedAt = await store.GetStateAsync(AutoAnswerStore.MessageContentRefusedKey, cancellationToken).ConfigureAwait(false);
                if (context.Settings.Json)
                {
                    context.Output.WriteLine(CliJson.Serialize(new AutoAnswerListJson([.. channels.Select(ToJson)], refusedAt)));
                    return ExitCodes.Ok;
                }

                context.Output.WriteLine(channels.Count == 0 ? "No channel is set up for automatic answers." : string.Join(Environment.NewLine, channels.Select(Describe)));
                if (refusedAt is not null)
                {
                    context.Output.WriteLine($"note: Discord refused the Message Content intent at {refusedAt}; the bot reads forum titles only until it is enabled in the Developer Portal.");
                }

                return ExitCodes.Ok;
            case "remove" when scope is { } s && channel is { } c:
                var removed = await store.RemoveChannelAsync(s, new ChannelId(c), cancellationToken).ConfigureAwait(false);
                if (!removed)
                {
                    return context.Fail(ExitCodes.Failed, $"channel {c} of guild {guild} was not set up for automatic answers; 'briefer autoanswer list' shows the channels that are.");
                }

                context.Output.WriteLine($"removed channel {c} of guild {guild}");
                return ExitCodes.Ok;
            case "add" when scope is { } s && channel is { } c:
                var modeText = parseResult.GetValue<string?>("--mode");
                if (modeText is not (null or "answer" or "suggest"))
                {
                    return context.Fail(ExitCodes.Usage, $"--mode must be answer or suggest, not '{modeText}'.");
                }

                var existing = (await store.ListChannelsAsync(s, cancellationToken).ConfigureAwait(false)).FirstOrDefault(x => x.Channel == new ChannelId(c));
                var config = AutoAnswerChannel.Configure(
                    existing,
                    s,
                    new ChannelId(c),
                    modeText switch { "answer" => AutoAnswerMode.Answer, "suggest" => AutoAnswerMode.Suggest, _ => null },
                    parseResult.GetValue<ulong?>("--handoff-role") is { } r ? new RoleId(r) : null,
                    parseResult.GetValue<double?>("--min-confidence"),
                    parseResult.GetValue<ulong?>("--review-channel") is { } v ? new ChannelId(v) : null,
                    time.GetUtcNow(),
                    null);
                if (config.Mode == AutoAnswerMode.Suggest && config.ReviewChannel is null)
                {
                    return context.Fail(ExitCodes.Usage, "--mode suggest needs --review-channel <channel id>: the channel suggested answers go to.");
                }

                if (config.ReviewsInItsOwnChannel)
                {
                    return context.Fail(ExitCodes.Usage, "--review-channel must be another channel than --channel: suggested answers are for moderators, not for the channel the question was asked in.");
                }

                var added = await store.UpsertChannelAsync(config, cancellationToken).ConfigureAwait(false);
                context.Output.WriteLine((added ? "added " : "updated ") + Describe(config));
                return ExitCodes.Ok;
            default:
                return context.Fail(ExitCodes.Usage, "add and remove need --guild and --channel.");
        }
    }

    /// <summary>A channel for <c>list --json</c>; Discord ids as strings (they exceed what a JSON number holds exactly).</summary>
    private AutoAnswerChannelJson ToJson(AutoAnswerChannel c) => new(
        c.Scope.Value,
        c.Channel.Value.ToString(CultureInfo.InvariantCulture),
        c.Mode == AutoAnswerMode.Suggest ? "suggest" : "answer",
        c.ReviewChannel?.Value.ToString(CultureInfo.InvariantCulture),
        c.HandoffRole?.Value.ToString(CultureInfo.InvariantCulture),
        c.MinConfidence ?? options.Value.MinConfidence,
        c.MinConfidence is null);

    private string Describe(AutoAnswerChannel c) => string.Create(CultureInfo.InvariantCulture,
        $"guild {c.Scope} channel {c.Channel}: {(c.Mode == AutoAnswerMode.Suggest ? $"suggest in channel {c.ReviewChannel}" : "answer")}, "
        + $"{(c.HandoffRole is { } role ? $"hand off to role {role}" : "silent when not covered")}, min confidence {c.MinConfidence ?? options.Value.MinConfidence:0.00}{(c.MinConfidence is null ? " (default)" : string.Empty)}");
}
