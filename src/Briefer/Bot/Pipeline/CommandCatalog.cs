using System.Globalization;
using System.Text;
using Briefer.Discord.Models;

namespace Briefer.Bot.Pipeline;

/// <summary>
/// Every registered <see cref="IBotCommand"/> by route, and the Discord commands they define. Built once at start;
/// two commands claiming one route, or two definitions with one name, stop the bot with a message naming them.
/// </summary>
public sealed class CommandCatalog
{
    private readonly Dictionary<BotRoute, IBotCommand> _byRoute = [];

    public CommandCatalog(IEnumerable<IBotCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var all = commands.ToList();
        foreach (var command in all)
        {
            foreach (var route in command.Routes)
            {
                if (!_byRoute.TryAdd(route, command))
                {
                    throw new InvalidOperationException($"{command.GetType().Name} and {_byRoute[route].GetType().Name} both handle {route.Kind} '{route.Name}'.");
                }
            }
        }

        Definitions = all.Select(c => c.Definition).OfType<ApplicationCommand>().ToList();
        var duplicate = Definitions.GroupBy(d => (d.Type ?? ApplicationCommandTypes.ChatInput, d.Name)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two commands are both named '{duplicate.Key.Name}'.");
        }
    }

    /// <summary>The commands to register with Discord, in registration order.</summary>
    public IReadOnlyList<ApplicationCommand> Definitions { get; }

    public IBotCommand? Find(BotRequestKind kind, string name) => _byRoute.GetValueOrDefault(new BotRoute(kind, name));

    /// <summary>A canonical text of the fields Briefer sets, so registered and desired sets compare equal when nothing changed.</summary>
    public static string Fingerprint(IEnumerable<ApplicationCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var text = new StringBuilder();
        foreach (var c in commands.OrderBy(c => c.Type ?? 1).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{c.Name}|{c.Type ?? 1}|{c.Description}|{c.DefaultMemberPermissions}|{string.Join(',', c.Contexts ?? [])}\n");
            AppendOptions(text, c.Options, "  ");
        }

        return text.ToString();
    }

    private static void AppendOptions(StringBuilder text, IReadOnlyList<CommandOption>? options, string indent)
    {
        foreach (var o in options ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"{indent}{o.Type}|{o.Name}|{o.Description}|{o.Required ?? false}|{o.Autocomplete ?? false}|{o.MinLength}|{o.MaxLength}")
                .Append(CultureInfo.InvariantCulture, $"|{string.Join(',', (o.Choices ?? []).Select(ch => ch.Name + "=" + ch.Value))}|{string.Join(',', o.ChannelTypes ?? [])}\n");
            AppendOptions(text, o.Options, indent + "  ");
        }
    }

    /// <summary>The <c>default_member_permissions</c> of admin commands: hidden from members without Manage Server.</summary>
    public static string AdminDefaultPermissions { get; } = ((ulong)BotAsker.AdminPermissions).ToString(CultureInfo.InvariantCulture);

    /// <summary>Briefer's commands work in servers only.</summary>
    public static IReadOnlyList<InteractionContextType> GuildOnly { get; } = [InteractionContextType.Guild];
}
