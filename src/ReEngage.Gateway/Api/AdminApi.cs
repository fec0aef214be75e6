using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;
using ReEngage.Gateway.Core.Security;
using ReEngage.Gateway.Core.Webhooks;
using ReEngage.Gateway.Dashboard;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Api;

/// <summary>What the dashboard needs besides the integrator API: figures, the SMS counter, API keys, users, settings.</summary>
internal static class AdminApi
{
    public static RouteGroupBuilder MapAdmin(this RouteGroupBuilder api)
    {
        api.MapGet("/stats", StatsAsync).Produces<object>().WithName("Stats").WithSummary("Today's messages by state, send and delivery rate, queue depth, automations");
        api.MapGet("/sms/count", Count).Produces<object>().Problems(400).WithName("CountSms").WithSummary("Encoding, parts and the characters that force UCS-2, for a text");
        api.MapGet("/messages/recent", RecentAsync).Produces<PageDto<MessageDto>>().Problems(400).WithName("RecentMessages").WithSummary("Messages newest first (the dashboard's log) by state, number, modem and dates (from/until, yyyy-MM-dd, UTC), keyset-paged with 'before'");
        api.MapGet("/messages/{id:long}/parts", async (long id, GatewayDbContext db, CancellationToken ct) =>
            Results.Ok(await db.Parts.AsNoTracking().Where(p => p.MessageId == id).OrderBy(p => p.Sequence)
                .Select(p => new { p.Sequence, status = p.Status.ToString().ToLowerInvariant(), tpMr = p.Reference, p.Modem, p.SubmittedAt, p.ReportedAt, p.ReportStatus, p.TpduLength })
                .ToListAsync(ct))).Produces<object>().WithName("MessageParts").WithSummary("Each part with its TP-MR and status report");
        api.MapGet("/keys", async (GatewayDbContext db, CancellationToken ct) =>
            Results.Ok(await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => new { k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt }).ToListAsync(ct))).Produces<object>().WithName("ListKeys").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("API keys (never the keys themselves); admin only");
        api.MapPost("/keys", CreateKeyAsync).AcceptsJson<KeyBody>().Produces<object>(StatusCodes.Status201Created).WithName("CreateKey").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("A new API key; the key itself is shown only in this answer");
        api.MapDelete("/keys/{id:int}", async (int id, GatewayDbContext db, TimeProvider time, Microsoft.Extensions.Caching.Memory.IMemoryCache cache, CancellationToken ct) =>
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, ct);
            if (key is null)
            {
                return Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no active key {id}.");
            }

            key.RevokedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);

            // The authentication handler caches keys for a few seconds: a revoked key stops now, not then.
            cache.Remove(ApiKeyAuthentication.CacheKey(key.Hash));
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).Problems(404).WithName("RevokeKey").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("Revoke an API key; it stops working at once");
        api.MapGet("/users", async (GatewayDbContext db, CancellationToken ct) =>
            Results.Ok(await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.UserName, role = u.Role.ToString().ToLowerInvariant(), u.CreatedAt, u.LastLoginAt, u.LockedUntil }).ToListAsync(ct))).Produces<object>().WithName("ListUsers").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("Dashboard users; admin only");
        api.MapPost("/users", CreateUserAsync).AcceptsJson<UserBody>().Produces<object>(StatusCodes.Status201Created).WithName("CreateUser").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("A new dashboard user with a role");
        api.MapDelete("/users/{id:int}", DeleteUserAsync).Produces(StatusCodes.Status204NoContent).Problems(404, 409).WithName("DeleteUser").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("Remove a dashboard user (not yourself, not the last admin)");
        api.MapPost("/webhooks/{id:long}/test", TestWebhookAsync).Produces<object>(StatusCodes.Status202Accepted).Problems(404).WithName("TestWebhook").RequireAuthorization(ApiPolicies.Administer).WithSummary("Queue a 'webhook.test' event to this webhook");
        api.MapGet("/backup", BackupAsync).Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream").Problems(409).WithName("Backup").RequireAuthorization(ApiPolicies.AdminOnly).WithSummary("A consistent copy of the database (SQLite's online backup), as a download; admin only. On PostgreSQL (a fleet): 409, back up with pg_dump");
        api.MapPut("/settings", UpdateSettingsAsync).AcceptsJson<SettingsBody>().Produces(StatusCodes.Status204NoContent).WithName("UpdateSettings").RequireAuthorization(ApiPolicies.Administer).WithSummary("Change quiet hours and keywords (admin); they apply at once and survive restarts");
        api.MapGet("/settings", (IOptions<GatewayOptions> options, SendingRules rules, Hosting.GatewayHttps https) =>
        {
            var o = options.Value;
            return TypedResults.Ok(new SettingsDto(
                new QuietHoursDto(rules.QuietHours.Start, rules.QuietHours.End, rules.QuietHours.TimeZone ?? TimeZoneInfo.Local.Id),
                rules.Keywords,
                new MarketingSettingsDto(o.Marketing.PublicBaseUrl, o.Marketing.CostPerPart, o.Marketing.Currency, MarketingSender.Zone(null, o).Id),
                o.MaxParts,
                o.DefaultRegion,
                o.SimulationActive,
                HttpsDto.Of(https, o.Https)));
        }).WithName("Settings").WithSummary("Quiet hours, keywords and marketing settings in force, and HTTPS (its certificate's fingerprint, read-only)");
        return api;
    }

    private static async Task<IResult> StatsAsync(GatewayDbContext db, ModemRegistry pool, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var byState = await db.Messages.AsNoTracking().Where(m => m.CreatedAt >= dayStart).GroupBy(m => m.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var queue = await db.Messages.CountAsync(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Sending, cancellationToken);
        var since = now.AddMinutes(-5);
        var recentParts = await db.Parts.CountAsync(p => p.SubmittedAt >= since, cancellationToken);
        var delivered = byState.GetValueOrDefault(MessageStatus.Delivered);
        var failed = byState.GetValueOrDefault(MessageStatus.Failed) + byState.GetValueOrDefault(MessageStatus.Expired);
        var automations = await db.Automations.AsNoTracking().OrderBy(a => a.Id).Select(a => new
        {
            a.Id,
            a.Name,
            status = a.Status.ToString().ToLowerInvariant(),
            inProgress = db.Runs.Count(r => r.AutomationId == a.Id && r.Status == RunStatus.Active),
            reactivated = db.Runs.Count(r => r.AutomationId == a.Id && r.Outcome == RunOutcome.Reactivated),
            unsubscribed = db.Runs.Count(r => r.AutomationId == a.Id && r.Outcome == RunOutcome.NotEngaged),
        }).ToListAsync(cancellationToken);
        return Results.Ok(new
        {
            today = Enum.GetValues<MessageStatus>().ToDictionary(s => MessagesApi.Name(s), s => byState.GetValueOrDefault(s)),
            queueDepth = queue,
            partsPerMinute = Math.Round(recentParts / 5.0, 1),
            deliveryRate = delivered + failed == 0 ? (double?)null : Math.Round((double)delivered / (delivered + failed), 3),
            modems = new { total = pool.Handles.Count, online = pool.Handles.Count(h => h.CanSend) },
            automations,
        });
    }

    private static async Task<IResult> RecentAsync(GatewayDbContext db, string? status, string? to, string? modem, string? from, string? until, long? before, int? limit, CancellationToken cancellationToken)
    {
        var dates = new Dictionary<string, string[]>();
        DateOnly? Day(string? value, string field)
        {
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                return day;
            }

            dates[field] = [$"'{value}' is not a date: use yyyy-MM-dd."];
            return null;
        }

        var (firstDay, lastDay) = (Day(from, "from"), Day(until, "until"));
        if (dates.Count > 0)
        {
            return Results.ValidationProblem(dates);
        }

        var query = db.Messages.AsNoTracking().Include(m => m.Parts).AsQueryable();
        if (status is not null)
        {
            if (!Enum.TryParse<MessageStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not a status."] });
            }

            query = query.Where(m => m.Status == parsed);
        }

        if (to is { Length: > 0 })
        {
            query = query.Where(m => m.To.Contains(to));
        }

        if (modem is { Length: > 0 })
        {
            query = query.Where(m => m.Modem == modem);
        }

        if (firstDay is { } first)
        {
            var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(m => m.CreatedAt >= start);
        }

        if (lastDay is { } last)
        {
            var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(m => m.CreatedAt < end);
        }

        if (before is { } cursor)
        {
            query = query.Where(m => m.Id < cursor);
        }

        if (!Paging.TryTake(limit, 50, out var take, out var badLimit))
        {
            return badLimit!;
        }

        var page = await query.OrderByDescending(m => m.Id).Take(take + 1).ToListAsync(cancellationToken);
        var items = page.Take(take).Select(MessagesApi.ToDto).ToList();
        return Results.Ok(new PageDto<MessageDto>(items, page.Count > take ? items[^1].Id : null));
    }

    private static async Task BackupAsync(HttpContext context, IOptions<GatewayOptions> options, TimeProvider time)
    {
        if (options.Value.Database.IsPostgres)
        {
            // A fleet's database is the server's to back up, with its own tools.
            await Results.Problem(statusCode: 409, title: "Back up the fleet's database with pg_dump",
                detail: "This gateway stores its data on PostgreSQL (Gateway:Database:Provider=Postgres): back it up on the database server, e.g. pg_dump -Fc -f reengage.dump <database>.").ExecuteAsync(context);
            return;
        }

        var copy = Path.Combine(Path.GetTempPath(), $"reengage-backup-{Guid.NewGuid():N}.db");
        try
        {
            // The online backup API copies a consistent snapshot while the gateway keeps writing.
            await Task.Run(() =>
            {
                using var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={CoreServiceCollectionExtensions.DatabasePath(options.Value)};Mode=ReadOnly;Pooling=False");
                using var target = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False");
                source.Open();
                target.Open();
                source.BackupDatabase(target);
            }, context.RequestAborted);
            context.Response.ContentType = "application/vnd.sqlite3";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"reengage-{time.GetUtcNow():yyyyMMdd-HHmm}.db\"";
            await context.Response.SendFileAsync(copy, context.RequestAborted);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static async Task<IResult> UpdateSettingsAsync(HttpRequest request, GatewayDbContext db, SendingRules rules, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SettingsBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        QuietHoursOptions? quiet = null;
        if (body!.QuietHours is { } q)
        {
            var errors = new Dictionary<string, string[]>();
            TimeOnly? Parse(string? value, string field)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    return null;
                }

                if (TimeOnly.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var t))
                {
                    return t;
                }

                errors[field] = [$"'{value}' is not a time of day such as 21:00."];
                return null;
            }

            quiet = new QuietHoursOptions { Start = Parse(q.Start, "quietHours.start"), End = Parse(q.End, "quietHours.end"), TimeZone = string.IsNullOrWhiteSpace(q.TimeZone) ? null : q.TimeZone.Trim() };
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "The settings were not saved");
            }
        }

        var keywords = body.Keywords is { } k
            ? new KeywordOptions
            {
                OptOut = [.. (k.OptOut ?? []).OfType<string>().Select(w => w.Trim().ToUpperInvariant()).Where(w => w.Length > 0)],
                OptIn = [.. (k.OptIn ?? []).OfType<string>().Select(w => w.Trim().ToUpperInvariant()).Where(w => w.Length > 0)],
                Help = [.. (k.Help ?? []).OfType<string>().Select(w => w.Trim().ToUpperInvariant()).Where(w => w.Length > 0)],
                HelpReply = string.IsNullOrWhiteSpace(k.HelpReply) ? null : k.HelpReply.Trim(),
            }
            : null;
        var problems = await rules.UpdateAsync(db, quiet, keywords, request.HttpContext.RequestAborted);
        return problems.Count > 0 ? Results.ValidationProblem(problems, title: "The settings were not saved") : Results.NoContent();
    }

    private static IResult Count(string? text, IOptions<GatewayOptions> options)
    {
        try
        {
            var count = SmsCounter.Count(text ?? string.Empty, maxParts: options.Value.MaxParts);
            return Results.Ok(new
            {
                encoding = MessagesApi.Name(count.Encoding),
                parts = count.Parts,
                characters = count.Characters,
                left = count.UnitsLeftInLastPart,
                perPart = count.UnitsPerPart,
                nonGsmCharacters = count.NonGsmCharacters,
                maxParts = count.MaxParts,
                tooLong = count.ExceedsMaxParts,
            });
        }
        catch (SmsEncodingException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [ex.Message] });
        }
    }

    private static async Task<IResult> CreateKeyAsync(HttpRequest request, GatewayDbContext db, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<KeyBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Name is not { Length: > 0 and <= 100 } name)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Name the key after who uses it (1–100 characters), e.g. 'webshop'."] });
        }

        var key = ApiKey.Generate();
        var stored = new ApiKey { Name = name.Trim(), Prefix = key[..8], Hash = ApiKey.HashOf(key), CreatedAt = time.GetUtcNow() };
        db.ApiKeys.Add(stored);
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        return Results.Created($"/api/v1/keys/{stored.Id}", new { stored.Id, stored.Name, stored.Prefix, key, stored.CreatedAt });
    }

    private static async Task<IResult> CreateUserAsync(HttpRequest request, DashboardUsers users, GatewayDbContext db, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
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
            return Results.ValidationProblem(errors, title: "The user was not created");
        }

        var user = await users.CreateAsync(name!, body.Password!, role, request.HttpContext.RequestAborted);
        return Results.Created($"/api/v1/users/{user.Id}", new { user.Id, user.UserName, role = user.Role.ToString().ToLowerInvariant() });
    }

    private static async Task<IResult> DeleteUserAsync(int id, HttpContext context, GatewayDbContext db)
    {
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return Results.Problem(statusCode: 409, title: "That is you", detail: "You cannot remove your own account.");
        }

        if (await db.Users.FirstOrDefaultAsync(u => u.Id == id, context.RequestAborted) is not { } user)
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no user {id}.");
        }

        if (user.Role == DashboardRole.Admin && await db.Users.CountAsync(u => u.Role == DashboardRole.Admin, context.RequestAborted) == 1)
        {
            return Results.Problem(statusCode: 409, title: "Last admin", detail: "The last admin cannot be removed.");
        }

        db.Users.Remove(user);
        await db.SaveChangesAsync(context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> TestWebhookAsync(long id, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (webhook is null)
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no webhook {id}.");
        }

        var now = time.GetUtcNow();
        var payload = System.Text.Json.JsonSerializer.Serialize(new { @event = "webhook.test", at = now, data = new { message = "A test event from ReEngage Gateway." } });
        db.WebhookDeliveries.Add(new WebhookDelivery { WebhookId = id, Event = "webhook.test", Payload = payload, CreatedAt = now, NextAttemptAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return Results.Accepted($"/api/v1/webhooks/{id}/deliveries", new { queued = true });
    }

    internal sealed record KeyBody(string? Name);

    internal sealed record QuietHoursBody(string? Start, string? End, string? TimeZone);

    internal sealed record KeywordsBody(List<string>? OptOut, List<string>? OptIn, List<string>? Help, string? HelpReply);

    internal sealed record SettingsBody(QuietHoursBody? QuietHours, KeywordsBody? Keywords);

    /// <summary>The settings in force.</summary>
    internal sealed record SettingsDto(QuietHoursDto QuietHours, KeywordOptions Keywords, MarketingSettingsDto Marketing, int MaxParts, string? DefaultRegion, bool Simulation, HttpsDto Https);

    internal sealed record QuietHoursDto(TimeOnly? Start, TimeOnly? End, string TimeZone);

    internal sealed record MarketingSettingsDto(string PublicBaseUrl, decimal CostPerPart, string Currency, string TimeZone);

    /// <summary>HTTPS as served (Gateway:Https): read-only, changed in appsettings.json.</summary>
    /// <param name="Enabled">Gateway:Https:Enabled.</param>
    /// <param name="Listening">Whether HTTPS is served now (false when its port was taken at start: see problem).</param>
    /// <param name="Port">Gateway:Https:Port.</param>
    /// <param name="RedirectHttp">Gateway:Https:RedirectHttp: HTTP answers with a redirect, except /healthz and /metrics.</param>
    /// <param name="Source">generated (the gateway's self-signed certificate) or provided (Gateway:Https:CertificatePath); null when HTTPS is off.</param>
    /// <param name="Fingerprint">The certificate's SHA-256 fingerprint as browsers show it (colon-separated upper-case hex).</param>
    /// <param name="Subject">The certificate's subject.</param>
    /// <param name="DnsNames">The host names the certificate is for.</param>
    /// <param name="IpAddresses">The addresses the certificate is for.</param>
    /// <param name="NotAfter">When the certificate expires.</param>
    /// <param name="Problem">Why HTTPS is not served although it is enabled.</param>
    internal sealed record HttpsDto(bool Enabled, bool Listening, int Port, bool RedirectHttp, string? Source, string? Fingerprint, string? Subject, IReadOnlyList<string> DnsNames, IReadOnlyList<string> IpAddresses, DateTimeOffset? NotAfter, string? Problem)
    {
        public static HttpsDto Of(Hosting.GatewayHttps https, HttpsOptions options)
        {
            var certificate = https.Certificate;
            return new HttpsDto(
                options.Enabled,
                https.Listening,
                options.Port,
                options.RedirectHttp && https.Listening,
                certificate is null ? null : certificate.Source == Hosting.CertificateSource.Generated ? "generated" : "provided",
                certificate?.Fingerprint,
                certificate?.Certificate.Subject,
                certificate is null ? [] : Hosting.HttpsCertificates.DnsNames(certificate.Certificate),
                certificate is null ? [] : Hosting.HttpsCertificates.IpAddresses(certificate.Certificate).Select(a => a.ToString()).ToList(),
                certificate is null ? null : new DateTimeOffset(certificate.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                https.Problem);
        }
    }

    internal sealed record UserBody(string? UserName, string? Password, string? Role);
}
