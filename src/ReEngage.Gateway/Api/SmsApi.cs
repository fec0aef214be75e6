using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/sms/count: the counter the send form and template editors show while typing.</summary>
internal static class SmsApi
{
    public static RouteGroupBuilder MapSms(this RouteGroupBuilder api)
    {
        api.MapGet("/sms/count", Count).WithName("CountSms").WithSummary("Encoding, parts and the characters that force UCS-2, for a text");
        return api;
    }

    private static Results<Ok<SmsCountView>, ValidationProblem> Count(string? text, IOptions<GatewayOptions> options)
    {
        try
        {
            var count = SmsCounter.Count(text ?? string.Empty, maxParts: options.Value.MaxParts);
            return TypedResults.Ok(new SmsCountView(
                MessagesApi.Name(count.Encoding), count.Parts, count.Characters, count.UnitsLeftInLastPart, count.UnitsPerPart,
                count.NonGsmCharacters, count.MaxParts, count.ExceedsMaxParts));
        }
        catch (SmsEncodingException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [ex.Message] });
        }
    }
}

/// <summary>What a text costs: encoding, parts, characters, units left in the last part and per part, the characters forcing UCS-2.</summary>
internal sealed record SmsCountView(string Encoding, int Parts, int Characters, int Left, int PerPart, IReadOnlyList<string> NonGsmCharacters, int MaxParts, bool TooLong);
