using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Options;

namespace Briefer.Sources;

/// <summary>What a fetch of a web page found.</summary>
public enum WebFetchStatus
{
    /// <summary>The page was read: <see cref="WebFetch.Document"/> holds it.</summary>
    Fetched,

    /// <summary>The page is unchanged since the validators sent (304).</summary>
    NotModified,

    /// <summary>The page is gone (404 or 410).</summary>
    Gone,
}

/// <summary>The outcome of <see cref="WebPageFetcher.FetchAsync"/>.</summary>
public sealed record WebFetch(WebFetchStatus Status, DocumentSource? Document, int StatusCode);

/// <summary>
/// Fetches web pages for the CLI, the bot and re-sync alike, guarded against server-side request forgery: only
/// http(s), only ports 80 and 443 unless configured, every resolved address checked by <see cref="NetworkAddressPolicy"/>
/// at connect time, redirects followed here (not by the handler) so each target is checked the same way and a redirect
/// to <c>ftp:</c> or <c>file:</c> is refused in plain words. Whatever makes an address unreachable (a private address,
/// an unknown name, a refused connection) gets one and the same message, so the answers cannot be used to map the
/// network behind the bot. Reads stop at <c>Ingestion:MaxDocumentBytes</c> whatever the server says the length is.
/// </summary>
public sealed class WebPageFetcher(
    IHttpClientFactory httpClientFactory,
    IOptions<WebOptions> webOptions,
    IOptions<IngestionOptions> ingestionOptions,
    TimeProvider time)
{
    /// <summary>The named HttpClient, whose connections go through <see cref="CreateGuardedHandler"/>.</summary>
    public const string ClientName = "Briefer.Web";

    /// <summary>The one message for every address that cannot be fetched, whatever the reason.</summary>
    public const string CannotFetch =
        "Briefer cannot fetch that address: it is not a public web address, or it cannot be reached from here. Check the URL, or save the page and send it as a file.";

    private WebOptions Options => webOptions.Value;

    private long MaxBytes => ingestionOptions.Value.MaxDocumentBytes;

    /// <summary>Whether <paramref name="text"/> is meant as a web address rather than a file path.</summary>
    public static bool IsWebAddress(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Fetches <paramref name="url"/>; with <paramref name="known"/> validators the request is conditional and an
    /// unchanged page answers <see cref="WebFetchStatus.NotModified"/>. The document's source is the URL as given
    /// (normalised), never the redirect target, so re-sync finds the same document again.
    /// </summary>
    /// <exception cref="DocumentRejectedException">The page cannot be fetched; the message is fit to show the user.</exception>
    public async Task<WebFetch> FetchAsync(string url, SourceValidators? known, CancellationToken cancellationToken)
    {
        var original = ParseUrl(url);
        var source = original.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
        var fileName = Path.GetFileName(original.AbsolutePath);
        if (string.IsNullOrEmpty(fileName))
        {
            fileName = original.Host;
        }

        using var timeout = new CancellationTokenSource(Options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var client = httpClientFactory.CreateClient(ClientName);
        var current = original;
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.UserAgent.ParseAdd("Briefer/1.0 (self-hosted document assistant)");
                if (known?.ETag is { Length: > 0 } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
                {
                    request.Headers.IfNoneMatch.Add(tag);
                }

                if (known?.LastModified is { } lastModified)
                {
                    request.Headers.IfModifiedSince = lastModified;
                }

                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                }
                catch (HttpRequestException ex)
                {
                    throw new DocumentRejectedException(CannotFetch, ex);
                }

                using (response)
                {
                    var status = (int)response.StatusCode;
                    if (status is 301 or 302 or 303 or 307 or 308)
                    {
                        if (hop >= Options.MaxRedirects)
                        {
                            throw new DocumentRejectedException($"{Shown(original)} redirects more than {Options.MaxRedirects} times; Briefer stopped following it. Give the final address instead.");
                        }

                        current = RedirectTarget(current, response, original);
                        continue;
                    }

                    if (response.StatusCode == HttpStatusCode.NotModified && known is not null)
                    {
                        return new WebFetch(WebFetchStatus.NotModified, null, status);
                    }

                    if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                    {
                        return new WebFetch(WebFetchStatus.Gone, null, status);
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        throw new DocumentRejectedException($"Fetching {Shown(original)} failed: the server answered {status} {response.ReasonPhrase}. Try again later, or save the page and send it as a file.");
                    }

                    var bytes = await ReadCappedAsync(response, fileName, linked.Token).ConfigureAwait(false);
                    var validators = new SourceValidators(response.Headers.ETag?.ToString(), response.Content.Headers.LastModified);

                    // The whole Content-Type, parameters included: its charset tells the loader how to decode.
                    var document = new DocumentSource(source, fileName, bytes, response.Content.Headers.ContentType?.ToString()) { Validators = validators };
                    return new WebFetch(WebFetchStatus.Fetched, document, status);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DocumentRejectedException(string.Create(
                CultureInfo.InvariantCulture,
                $"Fetching {Shown(original)} took longer than {Options.Timeout.TotalSeconds:0} s (Web:Timeout); try again, or save the page and send it as a file."));
        }
    }

    /// <summary>
    /// The handler for <see cref="ClientName"/>: no automatic redirects, its own name resolution, only the addresses
    /// <see cref="NetworkAddressPolicy.IsAllowed"/> lets through. <paramref name="resolve"/> replaces DNS (tests).
    /// </summary>
    public static SocketsHttpHandler CreateGuardedHandler(WebOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        resolve ??= Dns.GetHostAddressesAsync;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = async (context, cancellationToken) =>
            {
                if (!options.EffectivePorts.Contains(context.DnsEndPoint.Port))
                {
                    throw new HttpRequestException(CannotFetch);
                }

                IPAddress[] addresses;
                try
                {
                    addresses = await resolve(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException ex)
                {
                    throw new HttpRequestException(CannotFetch, ex);
                }

                // Every address must be allowed: a name that resolves to one public and one private address is refused,
                // so which one the connection would take cannot matter.
                if (addresses.Length == 0 || !addresses.All(a => NetworkAddressPolicy.IsAllowed(a, options)))
                {
                    throw new HttpRequestException(CannotFetch);
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    throw new HttpRequestException(CannotFetch, ex);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    /// <summary>What members may see of a URL: scheme, host, port and path; never the query (signed links carry secrets there).</summary>
    public static string Shown(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    private Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new DocumentRejectedException("Give a full http:// or https:// address, e.g. https://example.com/report.html.");
        }

        CheckTarget(uri, redirect: false);
        return uri;
    }

    private void CheckTarget(Uri uri, bool redirect)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new DocumentRejectedException(
                $"The page redirects to a '{uri.Scheme}:' address; Briefer follows redirects only to http:// and https:// addresses. Give the page's final web address instead.");
        }

        if (!Options.EffectivePorts.Contains(uri.Port))
        {
            var ports = string.Join(" and ", Options.EffectivePorts);
            throw new DocumentRejectedException(string.Create(
                CultureInfo.InvariantCulture,
                $"{(redirect ? "The page redirects to" : "The address names")} port {uri.Port}; Briefer fetches only {(Options.EffectivePorts.Count == 1 ? "port" : "ports")} {ports} (Web:AllowedPorts)."));
        }

        var literal = IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var parsed) ? parsed : uri.IsLoopback ? IPAddress.Loopback : null;
        if (literal is not null && !NetworkAddressPolicy.IsAllowed(literal, Options))
        {
            throw new DocumentRejectedException(CannotFetch);
        }
    }

    private Uri RedirectTarget(Uri current, HttpResponseMessage response, Uri original)
    {
        Uri? next = null;
        try
        {
            if (response.Headers.Location is { } location)
            {
                next = location.IsAbsoluteUri ? location : new Uri(current, location);
            }
            else if (response.Headers.TryGetValues("Location", out var raw) && raw.FirstOrDefault() is { } text)
            {
                // An unparsable Location is still worth naming if it is a non-web scheme ("ftp://…", "file:…").
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && text[..colon].All(char.IsAsciiLetter))
                {
                    throw new DocumentRejectedException(
                        $"The page redirects to a '{text[..colon].ToLowerInvariant()}:' address; Briefer follows redirects only to http:// and https:// addresses. Give the page's final web address instead.");
                }
            }
        }
        catch (UriFormatException)
        {
            next = null;
        }

        if (next is null)
        {
            throw new DocumentRejectedException($"{Shown(original)} answered with a redirect Briefer cannot follow (no valid Location). Give the page's final web address instead.");
        }

        CheckTarget(next, redirect: true);
        return next;
    }

    private async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, string name, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            throw TooLarge(name);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    throw TooLarge(name);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private DocumentRejectedException TooLarge(string name) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"{name} is over the {MaxBytes / 1_048_576.0:0.#} MB limit (Ingestion:MaxDocumentBytes); save the part you need and send it as a file."));
}
