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
        api.MapPost("/simulation/inbound", InboundAsync).AcceptsJson<SimulatedInboundBody>().Produces<object>(StatusCodes.Status202Accepted).Problems(404).WithName("SimulateInbound").WithSummary("Simulation only: an inbound SMS from a number, as if the network delivered it");
        api.MapPost("/simulation/clock", ClockAsync).AcceptsJson<ClockBody>().Produces<object>().Problems(404).WithName("AdvanceClock").WithSummary("Simulation only: move the gateway's clock forward (schedules, expiry), kept across restarts");
        api.MapGet("/simulation/clock", (SimulationClock clock, IOptions<GatewayOptions> options) => options.Value.SimulationActive ? Results.Ok(ClockDto(clock)) : Results.NotFound()).WithQuery()
            .Produces<object>().Problems(404).WithName("GetClock").WithSummary("The gateway's time and how far simulation has moved it ahead");
        api.MapPost("/simulation/modems/{name}/signal", SignalAsync).AcceptsJson<SignalBody>().Produces<object>().Problems(404).WithName("SimulateSignal").WithSummary("Change a simulated modem's signal (rssi 0–31, 99 unknown); the dashboard sees it at once");
        return api;
    }

    private static async Task<IResult> InboundAsync(HttpRequest request, ModemRegistry pool, IOptions<GatewayOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        if (!options.Value.SimulationActive)
        {
            return Results.NotFound();
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
            return Results.ValidationProblem(errors);
        }

        try
        {
            modem!.Simulated!.InjectInbound(body.From!, body.Text!, reference: Random.Shared.Next(256));
        }
        catch (Sms.SmsEncodingException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [ex.Message] });
        }

        return Results.Accepted(value: new { modem = modem.Name });
    }

    private static async Task<IResult> SignalAsync(string name, HttpRequest request, ModemRegistry pool, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SignalBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Rssi is not (>= 0 and <= 31 or 99))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["rssi"] = ["rssi is 0–31 (−113 to −51 dBm) or 99 (unknown)."] });
        }

        if (pool.Find(name) is not { Simulated: { } simulated } handle)
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no simulated modem named '{name}'.");
        }

        await simulated.SetSignalAsync(body.Rssi.Value);
        // Read it now rather than at the next health poll, as a technician watching the card expects.
        await handle.RefreshHealthAsync(request.HttpContext.RequestAborted);

        return Results.Ok(new { name = handle.Name, rssi = body.Rssi });
    }

    internal sealed record SignalBody(int? Rssi);

    private static object ClockDto(SimulationClock clock) => new { now = clock.GetUtcNow(), offset = clock.Offset.ToString("c", CultureInfo.InvariantCulture) };

    private static async Task<IResult> ClockAsync(HttpRequest request, SimulationClock clock, SimulationClockStore store, DispatchSignal signal, IOptions<GatewayOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        if (!options.Value.SimulationActive)
        {
            return Results.NotFound();
        }

        var (body, problem) = await JsonBody.ReadAsync<ClockBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (!TimeSpan.TryParse(body!.Advance, CultureInfo.InvariantCulture, out var by) || by < TimeSpan.Zero)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["advance"] = ["'advance' must be a positive time span such as \"30.00:00:00\" (30 days) or \"01:00:00\"."] });
        }

        clock.Advance(by);

        // Saved at once: a simulation killed without a clean stop still resumes on the day it reached.
        await store.SaveAsync(request.HttpContext.RequestAborted);
        signal.Pulse();
        return Results.Ok(ClockDto(clock));
    }
}
