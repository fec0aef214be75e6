using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;
using ReEngage.Gateway.Smpp;

namespace ReEngage.Gateway.Api;

/// <summary>
/// /api/v1/smpp/accounts: the SMPP clients that may bind; admin only. Those of Gateway:Smpp:Accounts are listed
/// too but changed only in the configuration (409 here). A password is answered by nothing: it is stored hashed.
/// </summary>
internal static class SmppAccountsApi
{
    public static RouteGroupBuilder MapSmppAccounts(this RouteGroupBuilder api)
    {
        api.MapGet("/smpp/accounts", ListAsync).WithName("ListSmppAccounts").RequireAuthorization(ApiPolicies.AdminOnly)
            .WithSummary("SMPP accounts, from the configuration and created here, with their binds open now; admin only");
        api.MapPost("/smpp/accounts", CreateAsync).AcceptsJson<SmppAccountBody>().Problems(409).WithName("CreateSmppAccount").RequireAuthorization(ApiPolicies.AdminOnly)
            .WithSummary("A new SMPP account (its password is stored hashed); it can bind at once");
        api.MapPut("/smpp/accounts/{systemId}/password", ChangePasswordAsync).AcceptsJson<SmppPasswordBody>().Problems(404, 409).WithName("ChangeSmppPassword").RequireAuthorization(ApiPolicies.AdminOnly)
            .WithSummary("A new password for an SMPP account; binds already open stay open");
        api.MapDelete("/smpp/accounts/{systemId}", DeleteAsync).Problems(404, 409).WithName("DeleteSmppAccount").RequireAuthorization(ApiPolicies.AdminOnly)
            .WithSummary("Delete an SMPP account: its open binds are unbound and closed (on every node of a fleet), its next bind is refused; receipts and inbound SMS still stored for it are kept");
        return api;
    }

    private static async Task<Ok<List<SmppAccountView>>> ListAsync(GatewayDbContext db, IOptions<SmppOptions> options, SmppBinds binds, CancellationToken ct)
    {
        var configured = options.Value.Accounts.Select(a => new SmppAccountView(a.SystemId, "configuration", a.AllowedAddresses, a.InboundRoutes, a.MaxBinds, a.WindowSize, a.Throughput, binds.CountOf(a.SystemId), null, null));
        var stored = await db.SmppAccounts.AsNoTracking().OrderBy(a => a.SystemId).ToListAsync(ct);
        return TypedResults.Ok(configured.Concat(stored.Select(a => View(a, binds))).ToList());
    }

    private static async Task<Results<Created<SmppAccountView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, GatewayDbContext db, SmppAccountDirectory accounts, SmppBinds binds, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SmppAccountBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var errors = SmppAccountRules.Check(body!);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var systemId = body!.SystemId!;
        if (accounts.Configured(systemId) is not null || await db.SmppAccounts.AnyAsync(a => a.SystemId == systemId, request.HttpContext.RequestAborted))
        {
            return TypedResults.Problem(statusCode: 409, title: "The account exists", detail: $"There is already an SMPP account '{systemId}'.");
        }

        var account = new SmppAccount
        {
            SystemId = systemId,
            PasswordHash = "",
            AllowedAddresses = string.Join(' ', body.AllowedAddresses ?? []),
            InboundRoutes = string.Join(' ', body.InboundRoutes ?? []),
            MaxBinds = body.MaxBinds ?? 2,
            WindowSize = body.WindowSize ?? 10,
            Throughput = body.Throughput ?? 50,
            CreatedAt = time.GetUtcNow(),
        };
        account.PasswordHash = SmppAccountDirectory.Hash(account, body.Password!);
        db.SmppAccounts.Add(account);
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/smpp/accounts/{Uri.EscapeDataString(systemId)}", View(account, binds));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        string systemId, HttpRequest request, GatewayDbContext db, SmppAccountDirectory accounts, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SmppPasswordBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (SmppAccountRules.PasswordError(body!.Password) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [error] });
        }

        var (account, missing) = await FindAsync(systemId, db, accounts, request.HttpContext.RequestAborted);
        if (account is null)
        {
            return missing!;
        }

        account.PasswordHash = SmppAccountDirectory.Hash(account, body.Password!);
        account.PasswordChangedAt = time.GetUtcNow();
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string systemId, GatewayDbContext db, SmppAccountDirectory accounts, SmppBinds binds,
        Core.GatewayEventBus bus, CancellationToken ct)
    {
        var (account, missing) = await FindAsync(systemId, db, accounts, ct);
        if (account is null)
        {
            return missing!;
        }

        db.SmppAccounts.Remove(account);
        await db.SaveChangesAsync(ct);

        // A deleted account must not keep sending through binds it opened before: they end now, not at their next idle
        // timeout — this node's before the answer, the other nodes' when the event reaches them (SmppAccountWatcher).
        await binds.CloseAccountAsync(systemId, ct);
        bus.Publish(new Core.SmppAccountDeleted(systemId));

        return TypedResults.NoContent();
    }

    private static async Task<(SmppAccount? Account, ProblemHttpResult? Problem)> FindAsync(string systemId, GatewayDbContext db, SmppAccountDirectory accounts, CancellationToken ct)
    {
        if (accounts.Configured(systemId) is not null)
        {
            return (null, TypedResults.Problem(statusCode: 409, title: "The account is in the configuration",
                detail: $"'{systemId}' comes from Gateway:Smpp:Accounts: change it there (or remove it there and create it here)."));
        }

        var account = await db.SmppAccounts.FirstOrDefaultAsync(a => a.SystemId == systemId, ct);
        return account is null ? (null, TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no SMPP account '{systemId}'.")) : (account, null);
    }

    private static SmppAccountView View(SmppAccount a, SmppBinds binds) =>
        new(a.SystemId, "api", [.. a.AddressList()], [.. a.RouteList()], a.MaxBinds, a.WindowSize, a.Throughput, binds.CountOf(a.SystemId), a.CreatedAt, a.PasswordChangedAt);
}

/// <summary>A new SMPP account.</summary>
/// <param name="SystemId">The system_id the client binds with: 1–15 printable ASCII characters, no ':' or space.</param>
/// <param name="Password">1–8 printable ASCII characters (SMPP 3.4's password field); stored hashed, never shown again.</param>
/// <param name="AllowedAddresses">The source_addr values the account may submit with (1–20 characters each); none: any.</param>
/// <param name="InboundRoutes">Which inbound SMS the account receives as deliver_sm: "&lt;modem&gt;" or "&lt;modem&gt;=&lt;SIM's number&gt;" (every SMS that SIM receives), "#&lt;KEYWORD&gt;" or "#&lt;KEYWORD&gt;=&lt;short code&gt;" (SMS whose first word is the keyword, on any SIM; keyword routes win); the part after '=' is the deliver_sm's destination_addr. None: no inbound SMS.</param>
/// <param name="MaxBinds">Binds open at once (1–100, default 2).</param>
/// <param name="WindowSize">Requests in flight per bind each way (1–1000, default 10).</param>
/// <param name="Throughput">submit_sm per second, all binds together (0–10000, default 50; 0: no limit).</param>
internal sealed record SmppAccountBody(
    [property: Required] string? SystemId,
    [property: Required] string? Password,
    List<string>? AllowedAddresses = null,
    List<string>? InboundRoutes = null,
    int? MaxBinds = null,
    int? WindowSize = null,
    int? Throughput = null);

/// <summary>A new password for an SMPP account.</summary>
/// <param name="Password">1–8 printable ASCII characters.</param>
internal sealed record SmppPasswordBody([property: Required] string? Password);

/// <summary>An SMPP account as listed (never its password).</summary>
/// <param name="SystemId">The system_id the client binds with.</param>
/// <param name="Source">"configuration" (Gateway:Smpp:Accounts, changed there) or "api" (created through the API or the dashboard).</param>
/// <param name="AllowedAddresses">The source_addr values the account may submit with; empty: any.</param>
/// <param name="InboundRoutes">Which inbound SMS the account receives ("&lt;modem&gt;[=&lt;number&gt;]", "#&lt;KEYWORD&gt;[=&lt;short code&gt;]"); empty: none.</param>
/// <param name="MaxBinds">Binds open at once.</param>
/// <param name="WindowSize">Requests in flight per bind each way.</param>
/// <param name="Throughput">submit_sm per second, all binds together; 0: no limit.</param>
/// <param name="Binds">Binds of the account open on this node now.</param>
/// <param name="CreatedAt">When it was created (null for a configured account).</param>
/// <param name="PasswordChangedAt">When its password last changed (null: never, or a configured account).</param>
internal sealed record SmppAccountView(
    string SystemId,
    string Source,
    IReadOnlyList<string> AllowedAddresses,
    IReadOnlyList<string> InboundRoutes,
    int MaxBinds,
    int WindowSize,
    int Throughput,
    int Binds,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? PasswordChangedAt);
