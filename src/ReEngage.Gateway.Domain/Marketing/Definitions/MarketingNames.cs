using System.Text.Json;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Enum values as the API spells them everywhere: snake_case (<c>not_engaged</c>, <c>opted_out</c>).</summary>
public static class MarketingNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
