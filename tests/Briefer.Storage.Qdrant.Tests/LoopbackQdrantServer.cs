using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace Briefer.Storage.Qdrant.Tests;

/// <summary>
/// A gRPC server on loopback (Kestrel, HTTP/2 without TLS) that speaks the Qdrant methods the store calls and answers
/// them from <see cref="InMemoryQdrantGateway"/>. The store's real <c>GrpcQdrantGateway</c> and Qdrant.Client's own
/// serialisation then run end to end over a socket; only the server behind the wire is emulated.
/// </summary>
internal sealed class LoopbackQdrantServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackQdrantServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public InMemoryQdrantGateway Backend { get; } = new();

    /// <summary>The gRPC method path and <c>api-key</c> header of every call received.</summary>
    public ConcurrentQueue<(string Method, string? ApiKey)> Calls { get; } = new();

    public static async Task<LoopbackQdrantServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        LoopbackQdrantServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new LoopbackQdrantServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Path.Value ?? string.Empty;
        Calls.Enqueue((method, context.Request.Headers["api-key"].FirstOrDefault()));
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var frame = buffer.ToArray();
        var request = frame.AsMemory(5, (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4)));

        context.Response.ContentType = "application/grpc";
        IMessage reply;
        try
        {
            reply = await DispatchAsync(method, request, context.RequestAborted);
        }
        catch (RpcException ex)
        {
            context.Response.AppendTrailer("grpc-status", ((int)ex.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            context.Response.AppendTrailer("grpc-message", Uri.EscapeDataString(ex.Status.Detail));
            return;
        }

        var payload = reply.ToByteArray();
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)payload.Length);
        await context.Response.Body.WriteAsync(header, context.RequestAborted);
        await context.Response.Body.WriteAsync(payload, context.RequestAborted);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    private async Task<IMessage> DispatchAsync(string method, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        var done = new PointsOperationResponse { Result = new UpdateResult { Status = UpdateStatus.Completed } };
        switch (method)
        {
            case "/qdrant.Qdrant/HealthCheck":
                return new HealthCheckReply { Title = "loopback emulation", Version = "1.20.0" };
            case "/qdrant.Collections/CollectionExists":
                var exists = CollectionExistsRequest.Parser.ParseFrom(request.Span);
                return new CollectionExistsResponse { Result = new CollectionExists { Exists = await Backend.CollectionExistsAsync(exists.CollectionName, cancellationToken) } };
            case "/qdrant.Collections/Get":
                var get = GetCollectionInfoRequest.Parser.ParseFrom(request.Span);
                return new GetCollectionInfoResponse { Result = await Backend.GetCollectionInfoAsync(get.CollectionName, cancellationToken) };
            case "/qdrant.Collections/Create":
                await Backend.CreateCollectionAsync(CreateCollection.Parser.ParseFrom(request.Span), cancellationToken);
                return new CollectionOperationResponse { Result = true };
            case "/qdrant.Collections/Delete":
                await Backend.DeleteCollectionAsync(DeleteCollection.Parser.ParseFrom(request.Span).CollectionName, cancellationToken);
                return new CollectionOperationResponse { Result = true };
            case "/qdrant.Points/CreateFieldIndex":
                await Backend.CreateFieldIndexAsync(CreateFieldIndexCollection.Parser.ParseFrom(request.Span), cancellationToken);
                return done;
            case "/qdrant.Points/Upsert":
                await Backend.UpsertAsync(UpsertPoints.Parser.ParseFrom(request.Span), cancellationToken);
                return done;
            case "/qdrant.Points/Delete":
                await Backend.DeleteAsync(DeletePoints.Parser.ParseFrom(request.Span), cancellationToken);
                return done;
            case "/qdrant.Points/Count":
                return new CountResponse { Result = new CountResult { Count = await Backend.CountAsync(CountPoints.Parser.ParseFrom(request.Span), cancellationToken) } };
            case "/qdrant.Points/Get":
                return new GetResponse { Result = { await Backend.GetAsync(GetPoints.Parser.ParseFrom(request.Span), cancellationToken) } };
            case "/qdrant.Points/Scroll":
                return await Backend.ScrollAsync(ScrollPoints.Parser.ParseFrom(request.Span), cancellationToken);
            case "/qdrant.Points/QueryBatch":
                var batches = await Backend.QueryBatchAsync(QueryBatchPoints.Parser.ParseFrom(request.Span), cancellationToken);
                var response = new QueryBatchResponse();
                response.Result.AddRange(batches.Select(b => new BatchResult { Result = { b } }));
                return response;
            default:
                throw new RpcException(new Status(StatusCode.Unimplemented, $"The loopback emulation does not implement {method}."));
        }
    }
}
