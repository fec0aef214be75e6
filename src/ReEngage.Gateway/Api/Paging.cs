using Microsoft.AspNetCore.Http.HttpResults;

namespace ReEngage.Gateway.Api;

/// <summary>The <c>limit</c> of a paged list: absent means the default; zero, negative or too large is an error, not silently clamped.</summary>
internal static class Paging
{
    public const int MaxLimit = 500;

    /// <summary>The page size to use, or a problem naming <c>limit</c>.</summary>
    public static bool TryTake(int? limit, int fallback, out int take, out ValidationProblem? problem, int max = MaxLimit)
    {
        take = limit ?? fallback;
        if (take is >= 1 && take <= max)
        {
            problem = null;
            return true;
        }

        problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {max} (it was {limit})."] });
        return false;
    }
}
