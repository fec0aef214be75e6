using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;
using ReEngage.Gateway.Modem;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/modems.</summary>
internal static class ModemsApi
{
    public static RouteGroupBuilder MapModems(this RouteGroupBuilder api)
    {
        api.MapGet("/modems", ListAsync).Produces<List<ModemDto>>().WithName("ListModems").WithSummary("Every modem: state, signal, operator, counters, limits, suspension");
        api.MapGet("/modems/{name}/signal", (string name, ModemRegistry pool) =>
            pool.Find(name) is { } handle ? Results.Ok(handle.SignalHistory) : Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no modem named '{name}'."))
            .Produces<IReadOnlyList<SignalSample>>().Problems(404).WithName("ModemSignal").WithSummary("The modem's signal history (dBm)");
        api.MapPost("/modems/{name}/pause", (string name, ModemRegistry pool, TimeProvider time) => SetPaused(name, true, pool, time)).Problems(404).OnAnyNode().WithName("PauseModem").WithSummary("Stop sending from this modem (its queue goes to the others)");
        api.MapPost("/modems/{name}/resume", (string name, ModemRegistry pool, TimeProvider time) => SetPaused(name, false, pool, time))
            .Problems(404).OnAnyNode().WithName("ResumeModem").WithSummary("Back into rotation; also lifts a suspension (after the SIM or service centre was fixed)");
        api.MapPost("/modems/{name}/reinitialize", Results<Accepted<ModemReinitializingView>, ProblemHttpResult> (string name, ModemRegistry pool, TimeProvider time) =>
        {
            if (pool.Find(name) is not { } handle)
            {
                return NotFound(name);
            }

            handle.Reinitialize(time.GetUtcNow());
            return TypedResults.Accepted((string?)null, new ModemReinitializingView(handle.Name, "The modem is being re-initialised; watch its state."));
        }).Problems(404).OnAnyNode().WithName("ReinitializeModem").WithSummary("Close and re-open the modem's port and run its init sequence; lifts a suspension");
        api.MapPost("/modems/{name}/ussd", UssdAsync).AcceptsJson<UssdBody>().Problems(404, 409, 502, 503).WithName("ModemUssd").WithSummary("Run a USSD code (balance: *100#) and return the network's answer");
        api.MapPost("/modems/{name}/at", AtAsync).AcceptsJson<AtBody>().Problems(404, 409, 504).OnAnyNode().WithName("ModemAt").WithSummary("AT console: run one command and return the raw answer");
        api.MapGet("/modems/{name}/events", EventsAsync).Produces<IReadOnlyList<Core.Modems.ModemLogEntry>>().Problems(404).OnAnyNode().WithName("ModemEvents").WithSummary("The modem's recent event log (init, errors, reconnects)");
        return api;
    }

    /// <summary>
    /// A fleet's modem may be another node's: the action is forwarded there (<see cref="Fleet.ModemForwarding"/>),
    /// which answers 503 when that node is down and 502 when it cannot be reached.
    /// </summary>
    private static RouteHandlerBuilder OnAnyNode(this RouteHandlerBuilder builder) => builder.Problems(502, 503);

    private static ProblemHttpResult NotFound(string name) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no modem named '{name}'.");

    private static Results<Ok<ModemPausedView>, ProblemHttpResult> SetPaused(string name, bool paused, ModemRegistry pool, TimeProvider time)
    {
        if (pool.Find(name) is not { } handle)
        {
            return NotFound(name);
        }

        if (paused)
        {
            handle.Pause();
        }
        else
        {
            handle.Resume(time.GetUtcNow());
        }

        return TypedResults.Ok(new ModemPausedView(handle.Name, paused));
    }

    private static ProblemHttpResult Offline(ModemHandle handle) =>
        TypedResults.Problem(statusCode: 409, title: "Modem offline", detail: $"{handle.Name} is {handle.State}: {handle.LastError}");

    private static async Task<Results<Ok<UssdView>, ValidationProblem, ProblemHttpResult>> UssdAsync(string name, HttpRequest request, ModemRegistry pool, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<UssdBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Code is not { Length: > 0 and <= 40 } code || !code.All(c => char.IsAsciiDigit(c) || c is '*' or '#'))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["A USSD code is digits, * and #, e.g. *100#."] });
        }

        if (pool.Find(name) is not { } handle)
        {
            return NotFound(name);
        }

        try
        {
            return TypedResults.Ok(new UssdView(handle.Name, code, await handle.QueryUssdAsync(code, TimeSpan.FromSeconds(30), request.HttpContext.RequestAborted)));
        }
        catch (ModemOfflineException)
        {
            return Offline(handle);
        }
        catch (Exception ex) when (ex is ModemTimeoutException or ModemCommandException)
        {
            return TypedResults.Problem(statusCode: 502, title: "The network did not answer", detail: ex.Message);
        }
    }

    private static async Task<Results<Ok<AtView>, ValidationProblem, ProblemHttpResult>> AtAsync(string name, HttpRequest request, ModemRegistry pool, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<AtBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var command = body!.Command?.Trim();
        if (command is not { Length: >= 2 and <= 200 } || !command.StartsWith("AT", StringComparison.OrdinalIgnoreCase) || command.Any(char.IsControl))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["command"] = ["One AT command on one line, starting with AT (e.g. AT+CSQ)."] });
        }

        // Sending from the console would bypass the outbox (no record, no report matching): use the test SMS instead.
        if (command.StartsWith("AT+CMGS", StringComparison.OrdinalIgnoreCase) || command.StartsWith("AT+CMSS", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["command"] = ["Send SMS with the test message action, not from the AT console."] });
        }

        if (pool.Find(name) is not { } handle)
        {
            return NotFound(name);
        }

        try
        {
            var answer = await handle.ExecuteAtAsync(command, TimeSpan.FromSeconds(10), request.HttpContext.RequestAborted);
            return TypedResults.Ok(new AtView(handle.Name, command, answer.Lines, answer.Final, answer.IsOk));
        }
        catch (ModemTimeoutException ex)
        {
            return TypedResults.Problem(statusCode: 504, title: "No answer", detail: ex.Message);
        }
        catch (ModemOfflineException)
        {
            return Offline(handle);
        }
    }

    private static IResult EventsAsync(string name, ModemRegistry pool) =>
        pool.Find(name) is { } handle ? Results.Ok(handle.RecentEvents) : NotFound(name);

    internal sealed record UssdBody([property: System.ComponentModel.DataAnnotations.Required] string? Code);

    internal sealed record AtBody([property: System.ComponentModel.DataAnnotations.Required] string? Command);

    internal static async Task<List<ModemDto>> SnapshotAsync(ModemRegistry pool, Core.Fleet.FleetDirectory fleet, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var sentToday = await db.Parts.Where(p => p.SubmittedAt >= dayStart && p.Modem != null).GroupBy(p => p.Modem!)
            .Select(g => new { Modem = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Modem, x => x.Count, cancellationToken);
        var waiting = await db.Messages.Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled || m.Status == MessageStatus.Sending)
            .GroupBy(m => m.Modem ?? m.RequestedModem ?? string.Empty).Select(g => new { Modem = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Modem, x => x.Count, cancellationToken);
        var unassigned = waiting.GetValueOrDefault(string.Empty);
        var online = Math.Max(1, pool.Handles.Count(h => h.CanSend));
        return [.. pool.Handles.Select(h =>
        {
            var health = h.Health;
            var identity = h.Identity;
            return new ModemDto(
                h.Name,
                h.Device,
                h.State,
                health?.SignalDbm,
                health?.SignalBars ?? 0,
                health?.Operator,
                (health?.Registration ?? RegistrationState.Unknown).ToString().ToLowerInvariant(),
                identity?.Imei,
                identity?.Iccid,
                sentToday.GetValueOrDefault(h.Name),
                h.Limits.DailyLimit,
                waiting.GetValueOrDefault(h.Name) + (!h.CanSend ? 0 : unassigned / online),
                h.LastError,
                h.LastSuccessAt,
                h.SecondsPerPart,
                h.Paused,
                h.Suspension is { } s ? new SuspensionDto(s.Reason, s.Since, s.NextProbeAt, s.Probes, s.LastProbe) : null,
                fleet.LocalNode);
        }), .. fleet.Nodes.Where(n => !n.IsLocal).SelectMany(n => n.Modems.Select(m => Remote(n, m, sentToday, waiting)))];
    }

    /// <summary>Another node's modem as its last heartbeat described it; offline while that node is down.</summary>
    private static ModemDto Remote(Core.Fleet.FleetNode node, Core.Fleet.NodeModem m, Dictionary<string, int> sentToday, Dictionary<string, int> waiting)
    {
        var down = node.State == Core.Fleet.FleetNodeState.Dead;
        return new ModemDto(
            m.Name, m.Device, down ? "offline" : m.State, down ? null : m.SignalDbm, down ? 0 : m.SignalBars, m.Operator, down ? "unknown" : m.Registration,
            null, null, sentToday.GetValueOrDefault(m.Name), m.DailyLimit, waiting.GetValueOrDefault(m.Name),
            down ? $"Node {node.Name} is down (no heartbeat since {node.LastSeenAt:u})." : m.LastError,
            m.LastSuccessAt, m.SecondsPerPart, m.Paused, null, node.Name);
    }

    private static async Task<IResult> ListAsync(ModemRegistry pool, Core.Fleet.FleetDirectory fleet, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        Results.Ok(await SnapshotAsync(pool, fleet, db, time, cancellationToken));
}

/// <summary>A modem taken out of rotation (paused) or back in.</summary>
internal sealed record ModemPausedView(string Name, bool Paused);

/// <summary>A modem being re-initialised, and what to watch.</summary>
internal sealed record ModemReinitializingView(string Name, string Detail);

/// <summary>The network's answer to a USSD code.</summary>
internal sealed record UssdView(string Name, string Code, string Answer);

/// <summary>The modem's raw answer to one AT command: its lines and the final result code.</summary>
internal sealed record AtView(string Name, string Command, IReadOnlyList<string> Lines, string Final, bool Ok);
