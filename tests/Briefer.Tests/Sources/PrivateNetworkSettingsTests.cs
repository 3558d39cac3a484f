using System.Net;
using Briefer.Sources;

namespace Briefer.Tests.Sources;

/// <summary>
/// What <c>Web:AllowPrivateNetworks</c> and <c>Web:AllowedNetworks</c> open, and what they never open. Names resolve
/// through a fake resolver: no test connects to a metadata or link-local address.
/// </summary>
public sealed class PrivateNetworkSettingsTests
{
    [Theory]
    [InlineData("169.254.169.254")] // AWS, GCP, Azure, Oracle instance metadata
    [InlineData("fd00:ec2::254")] // AWS IPv6 instance metadata
    [InlineData("100.100.100.200")] // Alibaba Cloud metadata
    [InlineData("168.63.129.16")] // Azure wire server
    [InlineData("169.254.10.1")]
    [InlineData("fe80::1")]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("255.255.255.255")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of the metadata address
    [InlineData("2002:a9fe:a9fe::1")] // 6to4 of the metadata address
    public void IsAllowed_EverythingOpened_NeverLinkLocalMetadataMulticastOrUnspecified(string address)
    {
        var wideOpen = new WebOptions { AllowPrivateNetworks = true, AllowedNetworks = ["0.0.0.0/0", "::/0"] };

        Assert.False(NetworkAddressPolicy.IsAllowed(IPAddress.Parse(address), wideOpen));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.1.1")]
    [InlineData("172.16.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("fd12::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void IsAllowed_PrivateNetworks_OpenedOnlyBySetting(string address)
    {
        Assert.False(NetworkAddressPolicy.IsAllowed(IPAddress.Parse(address), new WebOptions()));
        Assert.True(NetworkAddressPolicy.IsAllowed(IPAddress.Parse(address), new WebOptions { AllowPrivateNetworks = true }));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.0.9", true)]
    [InlineData("10.2.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("fd12::5", true)]
    [InlineData("fd13::1", false)]
    [InlineData("93.184.216.34", true)] // public stays public
    public void IsAllowed_AllowedNetworks_OpensThoseNetworksOnly(string address, bool allowed)
    {
        var options = new WebOptions { AllowedNetworks = ["10.1.0.0/16", "fd12::/16"] };

        Assert.Equal(allowed, NetworkAddressPolicy.IsAllowed(IPAddress.Parse(address), options));
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    public async Task GuardedHandler_NameResolvingToMetadata_RefusedEvenWithPrivateNetworksAllowed(string address)
    {
        var resolved = new List<string>();
        using var handler = WebPageFetcher.CreateGuardedHandler(new WebOptions { AllowPrivateNetworks = true }, (host, _) =>
        {
            resolved.Add(host);
            return Task.FromResult(new[] { IPAddress.Parse(address) });
        });
        using var client = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("http://metadata.example/latest/meta-data/")));

        Assert.StartsWith(WebPageFetcher.CannotFetch, error.Message, StringComparison.Ordinal);
        Assert.Equal(["metadata.example"], resolved);
    }

    [Fact]
    public async Task GuardedHandler_NameInAnAllowedNetwork_Fetched()
    {
        await using var server = await LoopbackWebServer.StartAsync();
        server.Pages["/wiki"] = new LoopbackWebServer.Page(200, "<p>Intranet wiki</p>");
        var options = new WebOptions { AllowedNetworks = ["127.0.0.0/8"], AllowedPorts = [server.Port] };
        using var handler = WebPageFetcher.CreateGuardedHandler(options, (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        using var client = new HttpClient(handler);

        var body = await client.GetStringAsync(new Uri($"http://wiki.intranet.example:{server.Port}/wiki"));

        Assert.Contains("Intranet wiki", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NetworkNotInCidrForm_NamesTheSettingAndTheValue()
    {
        var result = new WebOptionsValidator().Validate(null, new WebOptions { AllowedNetworks = ["10.1.0.0/16", "intranet"] });

        Assert.True(result.Failed);
        Assert.Contains("Web:AllowedNetworks must hold networks in CIDR form such as 10.1.0.0/16 or fd12::/16 (address bits past the prefix zero), not 'intranet'.", result.FailureMessage, StringComparison.Ordinal);
    }
}
