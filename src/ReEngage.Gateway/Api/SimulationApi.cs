using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;
using ReEngage.Gateway.Core.Time;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/simulation: inject inbound SMS and move the clock. 404 unless simulation mode is on.</summary>
internal static class SimulationApi
{
    public static RouteGroupBuilder MapSimulation(this RouteGroupBuilder api)
    {
        api.MapPost("/simulation/inbound", InboundAsync).AcceptsJson<SimulatedInboundBody>().Problems(404).WithName("SimulateInbound").WithSummary("Simulation only: an inbound SMS from a number, as if the network delivered it");
        api.MapPost("/simulation/clock", ClockAsync).AcceptsJson<ClockBody>().Problems(404).WithName("AdvanceClock").WithSummary("Simulation only: move the gateway's clock forward (schedules, expiry), kept across restarts");
        api.MapGet("/simulation/clock", Results<Ok<ClockView>, ProblemHttpResult> (SimulationClock clock, IOptions<GatewayOptions> options) => options.Value.SimulationActive ? TypedResults.Ok(ClockDto(clock)) : NotSimulating()).WithQuery()
            .Problems(404).WithName("GetClock").WithSummary("The gateway's time and how far simulation has moved it ahead");
        api.MapPost("/simulation/modems/{name}/signal", SignalAsync).AcceptsJson<SignalBody>().Problems(404).WithName("SimulateSignal").WithSummary("Change a simulated modem's signal (rssi 0–31, 99 unknown); the dashboard sees it at once");
        api.MapGet("/simulation/modems/{name}/submits", Results<Ok<SimulatedSubmitsView>, ProblemHttpResult> (string name, ModemRegistry pool, int? last) =>
                pool.Find(name) is { Simulated: { } simulated } handle
                    ? TypedResults.Ok(SubmitsView(handle.Name, simulated.SubmitGaps.Snapshot(Math.Clamp(last ?? 1000, 1, 8192))))
                    : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no simulated modem named '{name}'."))
            .WithQuery("last").Problems(404).WithName("GetSimulatedSubmits")
            .WithSummary("Simulation only: the gateway's own time between a +CMGS answer and its next AT+CMGS, as the simulated modem saw it (the last `last` submits, default 1,000)");
        return api;
    }

    private static SimulatedSubmitsView SubmitsView(string modem, Modem.Simulation.SubmitGaps gaps) =>
        new(modem, gaps.Recorded, gaps.Sampled, Math.Round(gaps.P50, 3), Math.Round(gaps.P99, 3), Math.Round(gaps.Max, 3));

    private static async Task<Results<Accepted<SimulatedInboundView>, ValidationProblem, ProblemHttpResult>> InboundAsync(HttpRequest request, ModemRegistry pool, IOptions<GatewayOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        if (!options.Value.SimulationActive)
        {
            return NotSimulating();
        }

        var (body, problem) = await JsonBody.ReadAsync<SimulatedInboundBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body!.From))
        {
            errors["from"] = ["'from' is required."];
        }

        if (string.IsNullOrEmpty(body.Text))
        {
            errors["text"] = ["'text' is required."];
        }

        var modem = body.Modem is null ? pool.Handles.FirstOrDefault(h => h.Simulated is not null) : pool.Find(body.Modem);
        if (modem?.Simulated is null)
        {
            errors["modem"] = [$"There is no simulated modem named '{body.Modem}'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            modem!.Simulated!.InjectInbound(body.From!, body.Text!, reference: Random.Shared.Next(256));
        }
        catch (Sms.SmsEncodingException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [ex.Message] });
        }

        return TypedResults.Accepted((string?)null, new SimulatedInboundView(modem.Name));
    }

    private static async Task<Results<Ok<SimulatedSignalView>, ValidationProblem, ProblemHttpResult>> SignalAsync(string name, HttpRequest request, ModemRegistry pool, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SignalBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Rssi is not (>= 0 and <= 31 or 99))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["rssi"] = ["rssi is 0–31 (−113 to −51 dBm) or 99 (unknown)."] });
        }

        if (pool.Find(name) is not { Simulated: { } simulated } handle)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no simulated modem named '{name}'.");
        }

        await simulated.SetSignalAsync(body.Rssi.Value);
        // Read it now rather than at the next health poll, as a technician watching the card expects.
        await handle.RefreshHealthAsync(request.HttpContext.RequestAborted);

        return TypedResults.Ok(new SimulatedSignalView(handle.Name, body.Rssi.Value));
    }

    internal sealed record SignalBody([property: System.ComponentModel.DataAnnotations.Required] int? Rssi);

    private static ClockView ClockDto(SimulationClock clock) => new(clock.GetUtcNow(), clock.Offset.ToString("c", CultureInfo.InvariantCulture));

    // Outside simulation these routes do not exist for the caller; a problem body says why.
    private static ProblemHttpResult NotSimulating() =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: "Simulation mode is off (Gateway:Simulation:Enabled).");

    private static async Task<Results<Ok<ClockView>, ValidationProblem, ProblemHttpResult>> ClockAsync(HttpRequest request, SimulationClock clock, SimulationClockStore store, DispatchSignal signal, IOptions<GatewayOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        if (!options.Value.SimulationActive)
        {
            return NotSimulating();
        }

        var (body, problem) = await JsonBody.ReadAsync<ClockBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (!TimeSpan.TryParse(body!.Advance, CultureInfo.InvariantCulture, out var by) || by < TimeSpan.Zero)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["advance"] = ["'advance' must be a positive time span such as \"30.00:00:00\" (30 days) or \"01:00:00\"."] });
        }

        clock.Advance(by);

        // Saved at once: a simulation killed without a clean stop still resumes on the day it reached.
        await store.SaveAsync(request.HttpContext.RequestAborted);
        signal.Pulse();
        return TypedResults.Ok(ClockDto(clock));
    }
}

/// <summary>The simulated modem the inbound SMS arrives on.</summary>
internal sealed record SimulatedInboundView(string Modem);

/// <summary>
/// Gaps between a +CMGS answer and the next AT+CMGS on one simulated modem, in milliseconds: while work is
/// queued, the gateway's own time per part, in series with the modem.
/// </summary>
internal sealed record SimulatedSubmitsView(string Modem, long Recorded, int Sampled, double GapP50Ms, double GapP99Ms, double GapMaxMs);

/// <summary>The simulated modem's new signal (rssi 0–31, 99 unknown).</summary>
internal sealed record SimulatedSignalView(string Name, int Rssi);

/// <summary>The gateway's time, and how far simulation has moved it ahead of the real one (d.hh:mm:ss).</summary>
internal sealed record ClockView(DateTimeOffset Now, string Offset);
