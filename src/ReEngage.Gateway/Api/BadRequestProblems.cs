using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace ReEngage.Gateway.Api;

/// <summary>
/// A request the framework could not bind — a query value of the wrong type (<c>after=abc</c>), a missing
/// required value — answered as RFC 7807 problem details with the parameter named in <c>errors</c>, like
/// every other validation error, instead of a bare 400.
/// </summary>
internal sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        var details = new HttpValidationProblemDetails { Status = bad.StatusCode, Title = "The request is not valid" };
        if (Binding().Match(bad.Message) is { Success: true } match)
        {
            var (type, name, value) = (match.Groups["type"].Value, match.Groups["name"].Value, match.Groups["value"].Value);
            details.Errors[name] = [$"'{value}' is not {Describe(type)}."];
        }
        else if (Required().Match(bad.Message) is { Success: true } required)
        {
            details.Errors[required.Groups["name"].Value] = ["This value is required."];
        }
        else
        {
            details.Detail = bad.Message;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    private static string Describe(string type) => type.TrimEnd('?') switch
    {
        "long" or "int" or "Int64" or "Int32" => "a whole number",
        "bool" or "Boolean" => "true or false",
        "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601, e.g. 2026-12-01T09:00:00Z)",
        "DateOnly" => "a date (yyyy-MM-dd)",
        "Guid" => "an id",
        var other => $"a valid {other}",
    };

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^ \"]+) (?<name>[^\"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex Binding();

    [GeneratedRegex("^Required parameter \"(?<type>[^ \"]+) (?<name>[^\"]+)\" was not provided", RegexOptions.Singleline)]
    private static partial Regex Required();
}
