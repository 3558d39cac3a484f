using System.Net;
using System.Net.Sockets;

namespace Briefer.Sources;

/// <summary>How far a URL's address is from the public internet, for <see cref="NetworkAddressPolicy"/>.</summary>
public enum AddressReach
{
    /// <summary>Public unicast: always fetched.</summary>
    Public,

    /// <summary>
    /// Loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT, documentation and benchmarking
    /// ranges: fetched only with <c>Web:AllowPrivateNetworks</c> or inside one of <c>Web:AllowedNetworks</c>.
    /// </summary>
    Private,

    /// <summary>
    /// Link-local (where clouds serve instance metadata and credentials), the metadata addresses themselves, multicast,
    /// broadcast, unspecified, reserved and discard ranges: never fetched, whatever the settings say.
    /// </summary>
    Never,
}

/// <summary>
/// Which addresses a user-supplied URL may reach. Public unicast always; private networks only when a setting opens them;
/// link-local, cloud metadata, multicast, unspecified and reserved never. IPv6 forms that carry an IPv4 address
/// (IPv4-mapped, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>, Teredo <c>2001::/32</c>) are decoded and the IPv4
/// address judged by the same rules; the local-use NAT64 prefix <c>64:ff9b:1::/48</c> is never fetched. Checked on every
/// resolved address at connect time, so DNS tricks cannot point a public name inside.
/// </summary>
public static class NetworkAddressPolicy
{
    /// <summary>Instance-metadata endpoints that are not link-local: AWS's IPv6 one, Alibaba Cloud's, Azure's wire server.</summary>
    private static readonly IPAddress[] Metadata = [IPAddress.Parse("fd00:ec2::254"), IPAddress.Parse("100.100.100.200"), IPAddress.Parse("168.63.129.16")];

    /// <summary>Whether <paramref name="address"/> may be fetched under <paramref name="options"/>.</summary>
    public static bool IsAllowed(IPAddress address, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var normalized = Normalize(address);
        return Classify(normalized) switch
        {
            AddressReach.Public => true,
            AddressReach.Private => options.AllowPrivateNetworks || options.Networks().Any(n => n.Contains(normalized)),
            _ => false,
        };
    }

    /// <summary>True for every address that is not public (what is fetched when no setting opens more).</summary>
    public static bool IsForbidden(IPAddress address) => Classify(address) != AddressReach.Public;

    public static AddressReach Classify(IPAddress address)
    {
        address = Normalize(address);
        if (Metadata.Contains(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return AddressReach.Never;
        }

        if (IPAddress.IsLoopback(address))
        {
            return AddressReach.Private;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyIPv4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => ClassifyIPv6(address),
            _ => AddressReach.Never,
        };
    }

    private static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static AddressReach ClassifyIPv4(ReadOnlySpan<byte> b)
    {
        foreach (var metadata in Metadata)
        {
            if (metadata.AddressFamily == AddressFamily.InterNetwork && b.SequenceEqual(metadata.GetAddressBytes()))
            {
                return AddressReach.Never;
            }
        }

        return b[0] switch
        {
            0 => AddressReach.Never, // "this network"
            169 when b[1] == 254 => AddressReach.Never, // link-local, including 169.254.169.254 metadata
            >= 224 => AddressReach.Never, // multicast, reserved, broadcast
            10 or 127 => AddressReach.Private,
            100 when b[1] >= 64 && b[1] <= 127 => AddressReach.Private, // carrier-grade NAT
            172 when b[1] >= 16 && b[1] <= 31 => AddressReach.Private,
            192 when b[1] == 168 => AddressReach.Private,
            192 when b[1] == 0 && b[2] is 0 or 2 => AddressReach.Private, // IETF protocol assignments, TEST-NET-1
            198 when b[1] is 18 or 19 => AddressReach.Private, // benchmarking
            198 when b[1] == 51 && b[2] == 100 => AddressReach.Private, // TEST-NET-2
            203 when b[1] == 0 && b[2] == 113 => AddressReach.Private, // TEST-NET-3
            _ => AddressReach.Public,
        };
    }

    private static AddressReach ClassifyIPv6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.IsIPv6LinkLocal || address.IsIPv6Multicast
            || (b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0) // discard-only 100::/64
            || b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 // ::/96 IPv4-compatible and unspecified
            || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0x00 && b[5] == 0x01)) // local-use NAT64 64:ff9b:1::/48
        {
            return AddressReach.Never;
        }

        if (address.IsIPv6SiteLocal
            || (b[0] & 0xFE) == 0xFC // unique local fc00::/7 (its metadata address fd00:ec2::254 is Never, above)
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)) // documentation 2001:db8::/32
        {
            return AddressReach.Private;
        }

        // NAT64, well-known prefix 64:ff9b::/96: the last four bytes are the IPv4 address.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)
        {
            return b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) >= 0 ? AddressReach.Never : ClassifyIPv4(b.AsSpan(12, 4));
        }

        // 6to4, 2002::/16: bytes 2-5 are the IPv4 address.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyIPv4(b.AsSpan(2, 4));
        }

        // Teredo, 2001:0::/32: the server's IPv4 in bytes 4-7, the client's (bits inverted) in bytes 12-15.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
        {
            Span<byte> client = [(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]];
            var server = ClassifyIPv4(b.AsSpan(4, 4));
            var other = ClassifyIPv4(client);
            return server > other ? server : other;
        }

        return AddressReach.Public;
    }
}
