using System.Globalization;
using System.Security.Cryptography;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Discord.Models;
using Briefer.Sources;
using Microsoft.Extensions.Options;

namespace Briefer.Bot;

/// <summary>
/// Fetches what admins ask to ingest from Discord (it lives with the bot, whose settings it reads, not in Sources/):
/// attachments only from the Discord CDN allow-list (with
/// <c>Discord:DownloadTimeout</c>, <see cref="BotOptions"/>), URLs through the same guarded <see cref="WebPageFetcher"/>
/// the CLI and re-sync use. Both stop at the ingestion size limit; failures are <see cref="DocumentRejectedException"/>s
/// whose messages are shown to the admin.
/// </summary>
public sealed class DocumentDownloader(
    IHttpClientFactory httpClientFactory,
    WebPageFetcher webPages,
    IOptions<BotOptions> botOptions,
    IOptions<IngestionOptions> ingestionOptions,
    TimeProvider time)
{
    /// <summary>The client for Discord CDN downloads.</summary>
    public const string AttachmentClient = "Briefer.Attachments";

    /// <summary>Sources of uploaded files start with this, then the file name.</summary>
    public const string AttachmentPrefix = Briefer.Sources.AttachmentSource.Prefix;

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
        var fetched = await webPages.FetchAsync(url, known: null, cancellationToken).ConfigureAwait(false);
        return fetched.Document ?? throw new DocumentRejectedException(
            string.Create(CultureInfo.InvariantCulture, $"That page is not there: the server answered {fetched.StatusCode}. Check the address."));
    }

    private bool IsAllowedAttachmentHost(Uri uri)
    {
        var hosts = botOptions.Value.EffectiveAttachmentHosts;
        var hostAllowed = hosts.Any(h => string.Equals(h, uri.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(h, uri.Authority, StringComparison.OrdinalIgnoreCase));

        // Plain http only where an operator allow-listed a loopback host (tests); the real CDN is https.
        return hostAllowed && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
    }

    private async Task<(byte[] Bytes, string? ContentType)> FetchAsync(string clientName, Uri uri, string name, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(botOptions.Value.DownloadTimeout, time);
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
            throw new DocumentRejectedException($"Downloading {name} took longer than {botOptions.Value.DownloadTimeout.TotalSeconds:0} s; try again, or upload the file instead.");
        }
        catch (HttpRequestException ex)
        {
            throw new DocumentRejectedException($"Could not download {name}: {ex.Message}", ex);
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / 1_048_576.0:0.#} MB";
}
