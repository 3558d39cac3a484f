using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Discord.Models;
using Microsoft.Extensions.Options;

namespace Briefer.Bot;

/// <summary>
/// Fetches what admins ask to ingest: attachments only from the Discord CDN allow-list, URLs only over
/// http(s) to public addresses. Both with <c>Discord:DownloadTimeout</c> (<see cref="BotOptions"/>) and the ingestion size limit;
/// failures are <see cref="DocumentRejectedException"/>s whose messages are shown to the admin.
/// </summary>
public sealed class DocumentDownloader(
    IHttpClientFactory httpClientFactory,
    IOptions<BotOptions> discordOptions,
    IOptions<IngestionOptions> ingestionOptions,
    TimeProvider time)
{
    /// <summary>The client for Discord CDN downloads.</summary>
    public const string AttachmentClient = "Briefer.Attachments";

    /// <summary>The client for user-supplied URLs, whose connections go through <see cref="NetworkAddressPolicy"/>.</summary>
    public const string WebClient = "Briefer.Web";

    /// <summary>Sources of uploaded files start with this, then the file name.</summary>
    public const string AttachmentPrefix = "attachment:";

    /// <summary>The name Discord gives long text pasted into the message box.</summary>
    public const string PastedTextName = "message.txt";

    private long MaxBytes => ingestionOptions.Value.MaxDocumentBytes;

    public async Task<DocumentSource> DownloadAttachmentAsync(DiscordAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (!Uri.TryCreate(attachment.Url, UriKind.Absolute, out var uri) || !IsAllowedAttachmentHost(uri))
        {
            throw new DocumentRejectedException($"{attachment.Filename} is not on Discord's CDN, so Briefer will not download it.");
        }

        if (attachment.Size > MaxBytes)
        {
            throw new DocumentRejectedException($"{attachment.Filename} is {Megabytes(attachment.Size)}, over the {Megabytes(MaxBytes)} limit. Split the document and upload the parts.");
        }

        var (bytes, contentType) = await FetchAsync(AttachmentClient, uri, attachment.Filename, cancellationToken).ConfigureAwait(false);

        return new DocumentSource(AttachmentSource(attachment.Filename, bytes), attachment.Filename, bytes, attachment.ContentType ?? contentType);
    }

    /// <summary>
    /// The source (and so the identity) of an uploaded file: its file name, not the CDN URL (which changes per
    /// upload and expires), so uploading a new version of the same file updates that document instead of adding
    /// a second one. Pasted text always arrives as <c>message.txt</c>, so there the first 8 hex digits of the
    /// content's SHA-256 join the name (<c>message-1a2b3c4d.txt</c>): one paste never replaces another.
    /// </summary>
    public static string AttachmentSource(string fileName, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (fileName != PastedTextName)
        {
            return AttachmentPrefix + fileName;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..8];
        return string.Create(CultureInfo.InvariantCulture, $"{AttachmentPrefix}{Path.GetFileNameWithoutExtension(fileName)}-{hash}{Path.GetExtension(fileName)}");
    }

    public async Task<DocumentSource> DownloadUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new DocumentRejectedException("Give a full http:// or https:// address, e.g. https://example.com/report.html.");
        }

        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && NetworkAddressPolicy.IsForbidden(literal))
        {
            throw new DocumentRejectedException($"{uri.Host} is a private or local address; Briefer only fetches public web pages.");
        }

        var fileName = Path.GetFileName(uri.AbsolutePath);
        if (string.IsNullOrEmpty(fileName))
        {
            fileName = uri.Host;
        }

        var (bytes, contentType) = await FetchAsync(WebClient, uri, fileName, cancellationToken).ConfigureAwait(false);
        return new DocumentSource(uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped), fileName, bytes, contentType);
    }

    /// <summary>The handler for <see cref="WebClient"/>: resolves names itself and connects only to public addresses.</summary>
    public static SocketsHttpHandler CreateGuardedHandler() => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
            var allowed = addresses.Where(a => !NetworkAddressPolicy.IsForbidden(a)).ToArray();
            if (allowed.Length == 0 || allowed.Length != addresses.Length)
            {
                throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to a private or local address.", null, HttpStatusCode.Forbidden);
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private bool IsAllowedAttachmentHost(Uri uri)
    {
        var hosts = discordOptions.Value.EffectiveAttachmentHosts;
        var hostAllowed = hosts.Any(h => string.Equals(h, uri.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(h, uri.Authority, StringComparison.OrdinalIgnoreCase));

        // Plain http only where an operator allow-listed a loopback host (tests); the real CDN is https.
        return hostAllowed && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
    }

    private async Task<(byte[] Bytes, string? ContentType)> FetchAsync(string clientName, Uri uri, string name, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(discordOptions.Value.DownloadTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var client = httpClientFactory.CreateClient(clientName);
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DocumentRejectedException($"Downloading {name} failed: the server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                throw new DocumentRejectedException($"{name} is {Megabytes(response.Content.Headers.ContentLength.Value)}, over the {Megabytes(MaxBytes)} limit.");
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, linked.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxBytes)
                    {
                        throw new DocumentRejectedException($"{name} is over the {Megabytes(MaxBytes)} limit.");
                    }

                    buffer.Write(chunk, 0, read);
                }

                // The whole value, parameters included: its charset tells the loader how to decode.
                return (buffer.ToArray(), response.Content.Headers.ContentType?.ToString());
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DocumentRejectedException($"Downloading {name} took longer than {discordOptions.Value.DownloadTimeout.TotalSeconds:0} s; try again, or upload the file instead.");
        }
        catch (HttpRequestException ex)
        {
            throw new DocumentRejectedException($"Could not download {name}: {ex.Message}", ex);
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / 1_048_576.0:0.#} MB";
}
