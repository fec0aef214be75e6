using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/keys: integrators' API keys; admin only.</summary>
internal static class KeysApi
{
    public static RouteGroupBuilder MapKeys(this RouteGroupBuilder api)
    {
        api.MapGet("/keys", async (GatewayDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => new KeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt)).ToListAsync(ct)))
            .WithName("ListKeys").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("API keys (never the keys themselves); admin only");
        api.MapPost("/keys", CreateKeyAsync).AcceptsJson<KeyBody>().WithName("CreateKey").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("A new API key; the key itself is shown only in this answer");
        api.MapDelete("/keys/{id:int}", RevokeKeyAsync).Problems(404).WithName("RevokeKey").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("Revoke an API key; it stops working at once");
        return api;
    }

    private static async Task<Results<Created<KeyCreatedView>, ValidationProblem, ProblemHttpResult>> CreateKeyAsync(HttpRequest request, GatewayDbContext db, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<KeyBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Name is not { Length: > 0 and <= 100 } name)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Name the key after who uses it (1–100 characters), e.g. 'webshop'."] });
        }

        var key = ApiKey.Generate();
        var stored = new ApiKey { Name = name.Trim(), Prefix = key[..8], Hash = ApiKey.HashOf(key), CreatedAt = time.GetUtcNow() };
        db.ApiKeys.Add(stored);
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/keys/{stored.Id}", new KeyCreatedView(stored.Id, stored.Name, stored.Prefix, key, stored.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(int id, GatewayDbContext db, TimeProvider time, IMemoryCache cache, CancellationToken ct)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, ct);
        if (key is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no active key {id}.");
        }

        key.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);

        // The authentication handler caches keys for a few seconds: a revoked key stops now, not then.
        cache.Remove(ApiKeyAuthentication.CacheKey(key.Hash));
        return TypedResults.NoContent();
    }

    internal sealed record KeyBody([property: System.ComponentModel.DataAnnotations.Required] string? Name);
}

/// <summary>An API key as listed: never the key itself, only its first characters.</summary>
internal sealed record KeyView(int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A new API key, with the key itself (shown only in this answer).</summary>
internal sealed record KeyCreatedView(int Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);
