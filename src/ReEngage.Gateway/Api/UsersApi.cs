using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;
using ReEngage.Gateway.Dashboard;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/users: dashboard accounts and their roles; admin only.</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        api.MapGet("/users", async (GatewayDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync(ct))
                .Select(u => new UserView(u.Id, u.UserName, u.Role.ToString().ToLowerInvariant(), u.CreatedAt, u.LastLoginAt, u.LockedUntil)).ToList()))
            .WithName("ListUsers").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("Dashboard users; admin only");
        api.MapPost("/users", CreateUserAsync).AcceptsJson<UserBody>().WithName("CreateUser").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("A new dashboard user with a role");
        api.MapDelete("/users/{id:int}", DeleteUserAsync).Problems(404, 409).WithName("DeleteUser").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("Remove a dashboard user (not yourself, not the last admin)");
        return api;
    }

    private static async Task<Results<Created<UserCreatedView>, ValidationProblem, ProblemHttpResult>> CreateUserAsync(HttpRequest request, DashboardUsers users, GatewayDbContext db, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<UserBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var errors = DashboardUsers.Check(body!.UserName, body.Password).ToDictionary(e => e.Key, e => new[] { e.Value });
        if (!Enum.TryParse<DashboardRole>(body.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(body.Role, out _))
        {
            errors["role"] = ["The role is admin, operator or technician."];
        }

        var name = body.UserName?.Trim().ToLowerInvariant();
        if (name is not null && await db.Users.AnyAsync(u => u.UserName == name, request.HttpContext.RequestAborted))
        {
            errors["userName"] = [$"There is already a user '{name}'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The user was not created");
        }

        var user = await users.CreateAsync(name!, body.Password!, role, request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/users/{user.Id}", new UserCreatedView(user.Id, user.UserName, user.Role.ToString().ToLowerInvariant()));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteUserAsync(int id, HttpContext context, GatewayDbContext db)
    {
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return TypedResults.Problem(statusCode: 409, title: "That is you", detail: "You cannot remove your own account.");
        }

        if (await db.Users.FirstOrDefaultAsync(u => u.Id == id, context.RequestAborted) is not { } user)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no user {id}.");
        }

        if (user.Role == DashboardRole.Admin && await db.Users.CountAsync(u => u.Role == DashboardRole.Admin, context.RequestAborted) == 1)
        {
            return TypedResults.Problem(statusCode: 409, title: "Last admin", detail: "The last admin cannot be removed.");
        }

        db.Users.Remove(user);
        await db.SaveChangesAsync(context.RequestAborted);
        return TypedResults.NoContent();
    }

    internal sealed record UserBody(
        [property: System.ComponentModel.DataAnnotations.Required] string? UserName,
        [property: System.ComponentModel.DataAnnotations.Required] string? Password,
        [property: System.ComponentModel.DataAnnotations.Required] string? Role);
}

/// <summary>A dashboard user: role admin, operator or technician.</summary>
internal sealed record UserView(int Id, string UserName, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt, DateTimeOffset? LockedUntil);

/// <summary>The user just created.</summary>
internal sealed record UserCreatedView(int Id, string UserName, string Role);
