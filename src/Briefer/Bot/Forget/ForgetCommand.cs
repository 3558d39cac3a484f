using Briefer.Answers;
using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Discord.Models;

namespace Briefer.Bot.Forget;

/// <summary><c>/forget document:</c> (admins): removes a document, picked from an autocomplete list of this server's documents.</summary>
internal sealed class ForgetCommand(IBriefingService briefing, AudienceResolver audiences) : IBotCommand, IBotAutocomplete
{
    public const string Name = "forget";

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Slash(Name)];

    public ApplicationCommand Definition { get; } = new(Name, "Remove a document from this server (admins).",
        [new(CommandOptionType.String, "document", "The document to remove", Required: true, Autocomplete: true)],
        DefaultMemberPermissions: CommandCatalog.AdminDefaultPermissions, Contexts: CommandCatalog.GuildOnly);

    public BotPolicy Policy { get; } = new(AdminOnly: true, RateLimited: false, Ephemeral: true);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!DocumentId.TryParse(request.Option("document"), out var documentId))
        {
            throw new ArgumentException("Pick a document from the list that appears as you type (or give its 16-character id from /sources).");
        }

        return new BotWork(BotAck.Defer, async (context, cancellationToken) =>
            await briefing.ForgetAsync(request.RequiredScope, documentId, cancellationToken).ConfigureAwait(false)
                ? BotReply.Text($"Removed document `{documentId}` from this server.")
                : BotReply.Text($"This server has no document `{documentId}`; /sources lists what is loaded."));
    }

    public async Task<IReadOnlyList<CommandChoice>> SuggestAsync(BotRequest request, string typed, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        // The suggestions are shown to the admin alone: only documents they may read are named, as for Sources.
        var audience = audiences.ForMember(request);
        var documents = (await briefing.ListSourcesAsync(request.RequiredScope, cancellationToken).ConfigureAwait(false)).Where(d => audience.CanSee(d.Visibility));

        // Matched and shown by the displayed source, so typing cannot probe the server's local paths either.
        return documents
            .Where(d => typed.Length == 0 || d.Title.Contains(typed, StringComparison.OrdinalIgnoreCase) || AnswerRenderer.DisplaySource(d.Source).Contains(typed, StringComparison.OrdinalIgnoreCase) || d.Id.Value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(d => d.IngestedAt)
            .Take(DiscordLimits.AutocompleteChoices)
            .Select(d => new CommandChoice(AnswerRenderer.Trim($"{d.Title} — {AnswerRenderer.DisplaySource(d.Source)}", DiscordLimits.ChoiceName), d.Id.Value))
            .ToList();
    }
}
