using System.Text.Json.Nodes;

namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>The gateway's own /healthz (database and modems as the running gateway sees them).</summary>
internal sealed class HealthCheck : IDoctorCheck
{
    public string Name => "health";

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var url = $"{context.ResolveUrl()}/healthz";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(url), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (JsonNode.Parse(body) as JsonObject)?["status"]?.ToString() ?? "?";
            return [status switch
            {
                "healthy" => Finding.Ok(Name, url, CliText.Get("healthy")),
                "degraded" => Finding.Warn(Name, url, CliText.Get("degraded: {0}", Summary(body)), CliText.Get("The dashboard's Modems page says which modem is not ready and why.")),
                _ => Finding.Fail(Name, url, $"{(int)response.StatusCode} {status}: {Summary(body)}", CliText.Get("journalctl -u reengage-gateway -n 50 says what the gateway cannot reach (its database, usually).")),
            }];
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return [Finding.Fail(Name, url, CliText.Get("no answer: {0}", ex.Message), CliText.Get("Start the service (sudo systemctl start reengage-gateway), or give its address with --url."))];
        }
    }

    private static string Summary(string body) => body.Length > 160 ? body[..160] + "…" : body;
}
