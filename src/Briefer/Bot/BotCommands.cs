using System.Globalization;
using System.Text;
using Briefer.Discord.Models;

namespace Briefer.Bot;

/// <summary>Briefer's slash commands, and how to tell whether the registered set differs from them.</summary>
public static class BotCommands
{
    public const string Ask = "ask";
    public const string Brief = "brief";
    public const string Sources = "sources";
    public const string Ingest = "ingest";
    public const string Forget = "forget";

    /// <summary>Admin commands: hidden from members without Manage Server, and checked again on every call.</summary>
    public static readonly DiscordPermissions AdminPermissions = DiscordPermissions.ManageGuild;

    private static readonly string AdminDefault = ((ulong)DiscordPermissions.ManageGuild).ToString(CultureInfo.InvariantCulture);
    private static readonly InteractionContextType[] GuildOnly = [InteractionContextType.Guild];

    public static IReadOnlyList<ApplicationCommand> All { get; } =
    [
        new(Ask, "Ask a question; the answer cites this server's documents.",
            [new(CommandOptionType.String, "question", "What do you want to know?", Required: true, MinLength: 3, MaxLength: 500)],
            Contexts: GuildOnly),
        new(Brief, "Cited bullet points on a topic from this server's documents.",
            [
                new(CommandOptionType.String, "topic", "The topic to brief on", Required: true, MinLength: 2, MaxLength: 200),
                new(CommandOptionType.String, "since", "Only documents published since: 7d, 2w, 3m, 1y or a date like 2026-01-09", MaxLength: 20),
            ],
            Contexts: GuildOnly),
        new(Sources, "List the documents this server has loaded.", Contexts: GuildOnly),
        new(Ingest, "Load a document into this server (admins).",
            [
                new(CommandOptionType.Attachment, "file", "A text, Markdown or HTML file"),
                new(CommandOptionType.String, "url", "An https:// address of a web page or file", MaxLength: 2000),
            ],
            DefaultMemberPermissions: AdminDefault, Contexts: GuildOnly),
        new(Forget, "Remove a document from this server (admins).",
            [new(CommandOptionType.String, "document", "The document to remove", Required: true, Autocomplete: true)],
            DefaultMemberPermissions: AdminDefault, Contexts: GuildOnly),
    ];

    public static bool IsAdminCommand(string name) => name is Ingest or Forget;

    /// <summary>Whether a member may use admin commands: Manage Server or Administrator.</summary>
    public static bool IsAdmin(DiscordPermissions? permissions) =>
        permissions is { } p && ((p & DiscordPermissions.Administrator) != 0 || (p & AdminPermissions) == AdminPermissions);

    /// <summary>A canonical text of the fields Briefer sets, so registered and desired sets compare equal when nothing changed.</summary>
    public static string Fingerprint(IEnumerable<ApplicationCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var text = new StringBuilder();
        foreach (var c in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{c.Name}|{c.Type ?? 1}|{c.Description}|{c.DefaultMemberPermissions}|{string.Join(',', c.Contexts ?? [])}\n");
            foreach (var o in c.Options ?? [])
            {
                text.Append(CultureInfo.InvariantCulture, $"  {o.Type}|{o.Name}|{o.Description}|{o.Required ?? false}|{o.Autocomplete ?? false}|{o.MinLength}|{o.MaxLength}\n");
            }
        }

        return text.ToString();
    }
}
