using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ReEngage.Gateway.Api;

/// <summary>
/// Reads a JSON body and turns every way it can be wrong into an RFC 7807 answer with the reason
/// (where the JSON breaks, which field has the wrong type, a body too large) instead of an empty 400.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send the body as JSON with 'Content-Type: application/json'."));
        }

        // Kestrel enforces the limit too; checking here keeps it whatever server hosts the app.
        var limit = request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.GatewayOptions>>().Value.Api.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            return (null, TooLarge());
        }

        try
        {
            var value = await request.ReadFromJsonAsync<T>(options, request.HttpContext.RequestAborted);
            return value is null
                ? (null, TypedResults.Problem(statusCode: 400, title: "Empty body", detail: "The request body is empty or null."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? $" at '{path.TrimStart('$', '.')}'" : string.Empty;
            var field = ex.Path?.TrimStart('$', '.') is { Length: > 0 } f ? f : "body";
            return (null, TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [field] = [$"The JSON is not valid{where} (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {Reason(ex)}"] })
            {
                Title = "Malformed JSON",
                Status = StatusCodes.Status400BadRequest,
            }));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
    }

    /// <summary>Like <see cref="ReadAsync{T}"/>, for a body that may be left out: no body gives (null, null).</summary>
    public static Task<(T? Value, ProblemHttpResult? Problem)> ReadOptionalAsync<T>(HttpRequest request, JsonSerializerOptions options)
        where T : class =>
        request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0 ? ReadAsync<T>(request, options) : Task.FromResult<(T?, ProblemHttpResult?)>((null, null));

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: 413, title: "Request too large", detail: "The body is larger than Gateway:Api:MaxRequestBytes allows.");

    private static string Reason(JsonException ex) =>
        ex.InnerException is InvalidOperationException or FormatException ? ex.InnerException.Message : ex.Message.Split(" Path:", 2)[0];
}
