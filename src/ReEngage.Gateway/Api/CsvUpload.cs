using System.Text;
using Microsoft.Net.Http.Headers;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>A CSV file sent to an import route: as the body (text/csv) or as a form upload, in whatever charset the shop's tool wrote.</summary>
internal static class CsvUpload
{
    /// <summary>What an import route says in the document: a CSV body, its report, and the problems reading it can give.</summary>
    public static RouteHandlerBuilder AcceptsCsv(this RouteHandlerBuilder builder) =>
        builder.Accepts<string>("text/csv", "multipart/form-data")
            .Produces<ImportReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The whole file first (the parser reads synchronously, and a file is validated whole before anything
    /// is written), decoded as the charset the request names, else UTF-8, else Windows-1252 — what Excel
    /// writes in Western Europe when "CSV" is chosen instead of "CSV UTF-8": "Società" must not become "Societ�".
    /// </summary>
    public static async Task<TextReader> BufferedAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        string? contentType = request.ContentType;
        if (request.HasFormContentType)
        {
            // curl -F file=@customers.csv, or a browser form: the first file is the CSV.
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var file = form.Files[0];
            contentType = file.ContentType;
            await using var upload = file.OpenReadStream();
            await upload.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        }
        else
        {
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var declared = MediaTypeHeaderValue.TryParse(contentType, out var type) && type.Charset.HasValue && type.Charset.Length > 0 ? TryEncoding(type.Charset.Value!.Trim('"')) : null;
        if (declared is not null)
        {
            return new StringReader(declared.GetString(bytes.StartsWith(declared.Preamble) ? bytes[declared.Preamble.Length..] : bytes));
        }

        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            return new StringReader(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return new StringReader(Windows1252.GetString(bytes));
        }
    }

    private static Encoding Windows1252
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252);
        }
    }

    private static Encoding? TryEncoding(string name)
    {
        try
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static async Task<IResult?> ProblemAsync(HttpRequest request)
    {
        var type = request.ContentType ?? string.Empty;
        if (request.HasFormContentType)
        {
            return type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) && (await request.ReadFormAsync(request.HttpContext.RequestAborted)).Files.Count > 0
                ? null
                : Results.Problem(statusCode: 400, title: "No file", detail: "Attach the CSV file (curl -F file=@customers.csv), or send it as the body with 'Content-Type: text/csv'.");
        }

        return type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase)
            ? null
            : Results.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send the file as the body with 'Content-Type: text/csv'.");
    }

    /// <summary>map.phone=Mobile&amp;map.first_name=Vorname → {phone: Mobile, first_name: Vorname}.</summary>
    public static Dictionary<string, string> Mapping(HttpRequest request) =>
        request.Query.Where(q => q.Key.StartsWith("map.", StringComparison.OrdinalIgnoreCase) && q.Key.Length > 4)
            .ToDictionary(q => q.Key[4..], q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    public static IResult ImportResult(ImportReport report) =>
        report.Errors.Count > 0
            ? Results.Json(
                new
                {
                    type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
                    title = "The file was not imported",
                    status = 422,
                    detail = $"{report.Errors.Count} problem(s); nothing was imported. Fix the rows below and send the file again.",
                    report.Rows,
                    errors = report.Errors,
                    report.IgnoredColumns,
                    report.Dates,
                },
                statusCode: 422,
                contentType: "application/problem+json")
            : Results.Ok(report);
}
