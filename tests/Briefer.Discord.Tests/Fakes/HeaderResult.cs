using Microsoft.AspNetCore.Http;

namespace Briefer.Discord.Tests.Fakes;

/// <summary>An <see cref="IResult"/> with extra response headers (rate-limit headers, say).</summary>
internal sealed class HeaderResult(IResult inner, params (string Name, string Value)[] headers) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        foreach (var (name, value) in headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        return inner.ExecuteAsync(httpContext);
    }
}
