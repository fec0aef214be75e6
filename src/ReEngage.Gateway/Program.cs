using Microsoft.Extensions.Options;
using ReEngage.Gateway.Api;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Hosting;
using ReEngage.Gateway.Smpp;
using ReEngage.Gateway.Smtp;

// The content root is the app's own folder, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddGatewayHosting();
builder.Services.AddGatewayCore(builder.Configuration);
builder.Services.AddGatewayApi();
builder.Services.AddGatewaySmpp(builder.Configuration);
builder.Services.AddGatewaySmtp(builder.Configuration);

var app = builder.Build();
try
{
    await app.PrepareGatewayAsync();
}
catch (OptionsValidationException ex)
{
    // A configuration mistake is the operator's to fix: say what, without a stack trace, and exit 2
    // (the systemd unit does not restart on it).
    await Console.Error.WriteLineAsync("ReEngage Gateway cannot start: the configuration is invalid.");
    foreach (var failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync($"  - {failure}");
    }

    return 2;
}
catch (HttpsCertificateException ex)
{
    // A certificate named in Gateway:Https that cannot be used: the message names the setting.
    await Console.Error.WriteLineAsync("ReEngage Gateway cannot start: the configuration is invalid.");
    await Console.Error.WriteLineAsync($"  - {ex.Message}");
    return 2;
}
catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    // A value of the wrong kind (Gateway:Database:Provider=Mysql): the binder's message names the key.
    await Console.Error.WriteLineAsync("ReEngage Gateway cannot start: the configuration is invalid.");
    await Console.Error.WriteLineAsync($"  - {ex.Message} {ex.InnerException?.Message}");
    return 2;
}

app.MapGatewayApi();
await app.RunAsync();
return 0;

/// <summary>Entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
