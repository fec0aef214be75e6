using ReEngage.Gateway.Api;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayHosting();
builder.Services.AddGatewayCore(builder.Configuration);
builder.Services.AddGatewayApi(builder.Configuration);

var app = builder.Build();
await app.PrepareGatewayAsync();
app.MapGatewayApi();
await app.RunAsync();

/// <summary>Entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
