using System.Net;
using System.Net.Sockets;

namespace Briefer.Sources;

/// <summary>
/// Which addresses a user-supplied URL may reach: public unicast only. Loopback, private, link-local, carrier-grade
/// NAT, cloud metadata, documentation, benchmarking, multicast and reserved ranges are refused, for IPv4 and IPv6.
/// IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>, Teredo
/// <c>2001::/32</c>) are decoded and the IPv4 address judged by the same rules; the local-use NAT64 prefix
/// <c>64:ff9b:1::/48</c> is refused outright. Checked on every resolved address at connect time, so DNS tricks
/// cannot point a public name inside.
/// </summary>
public static class NetworkAddressPolicy
{
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsForbiddenIPv4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsForbiddenIPv6(address),
            _ => true,
        };
    }

    private static bool IsForbiddenIPv4(ReadOnlySpan<byte> b) => b[0] switch
    {
        0 or 10 or 127 => true,
        100 when b[1] >= 64 && b[1] <= 127 => true, // carrier-grade NAT
        169 when b[1] == 254 => true, // link-local, including 169.254.169.254 metadata
        172 when b[1] >= 16 && b[1] <= 31 => true,
        192 when b[1] == 168 => true,
        192 when b[1] == 0 && b[2] is 0 or 2 => true, // IETF protocol assignments, TEST-NET-1
        198 when b[1] is 18 or 19 => true, // benchmarking
        198 when b[1] == 51 && b[2] == 100 => true, // TEST-NET-2
        203 when b[1] == 0 && b[2] == 113 => true, // TEST-NET-3
        >= 224 => true, // multicast and reserved
        _ => false,
    };

    private static bool IsForbiddenIPv6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
        {
            return true;
        }

        if ((b[0] & 0xFE) == 0xFC // unique local fc00::/7 (incl. fd00:ec2::254 metadata)
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // documentation 2001:db8::/32
            || (b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0) // discard-only 100::/64
            || b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) // ::/96 IPv4-compatible and unspecified
        {
            return true;
        }

        // NAT64, well-known prefix 64:ff9b::/96: the last four bytes are the IPv4 address.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)
        {
            return b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) >= 0 || IsForbiddenIPv4(b.AsSpan(12, 4));
        }

        // 6to4, 2002::/16: bytes 2-5 are the IPv4 address.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsForbiddenIPv4(b.AsSpan(2, 4));
        }

        // Teredo, 2001:0::/32: the server's IPv4 in bytes 4-7, the client's (bits inverted) in bytes 12-15.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
        {
            Span<byte> client = [(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]];
            return IsForbiddenIPv4(b.AsSpan(4, 4)) || IsForbiddenIPv4(client);
        }

        return false;
    }
}
