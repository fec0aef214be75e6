using ReEngage.Gateway.Api;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Hosting;

// The content root is the app's own folder, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddGatewayHosting();
builder.Services.AddGatewayCore(builder.Configuration);
builder.Services.AddGatewayApi(builder.Configuration);

var app = builder.Build();
await app.PrepareGatewayAsync();
app.MapGatewayApi();
await app.RunAsync();

/// <summary>Entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
