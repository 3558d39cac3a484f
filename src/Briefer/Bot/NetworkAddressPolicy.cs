using System.Net;
using System.Net.Sockets;

namespace Briefer.Bot;

/// <summary>
/// Which addresses a user-supplied URL may reach: public unicast only. Loopback, private, link-local,
/// carrier-grade NAT, cloud metadata, multicast and reserved ranges are refused, for IPv4 and IPv6.
/// Checked on every resolved address at connect time, so DNS tricks cannot point a public name inside.
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

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 when b[1] >= 64 && b[1] <= 127 => true, // carrier-grade NAT
                169 when b[1] == 254 => true, // link-local, including 169.254.169.254 metadata
                172 when b[1] >= 16 && b[1] <= 31 => true,
                192 when b[1] == 168 => true,
                192 when b[1] == 0 && b[2] == 0 => true, // IETF protocol assignments (192.0.0.0/24)
                198 when b[1] is 18 or 19 => true, // benchmarking
                >= 224 => true, // multicast and reserved
                _ => false,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC // unique local fc00::/7 (incl. fd00:ec2::254 metadata)
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // documentation
                || (b[0] == 0x00 && b.Take(10).All(x => x == 0) && b[10] == 0 && b[11] == 0); // ::/96 IPv4-compatible and unspecified
        }

        return true;
    }
}
