namespace ReEngage.Gateway.Smpp;

/// <summary>Registers the SMPP server (idle unless Gateway:Smpp:Enabled).</summary>
internal static class SmppServiceCollectionExtensions
{
    public static IServiceCollection AddGatewaySmpp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmppOptions>().Bind(configuration.GetSection(SmppOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SmppOptions>, SmppOptionsValidator>();
        services.AddKeyedSingleton(SmppServerContext.ClockKey, TimeProvider.System);
        services.AddSingleton<SmppAccountDirectory>();
        services.AddSingleton<SmppBinds>();
        services.AddSingleton(sp => new SmppThrottle(sp.GetRequiredKeyedService<TimeProvider>(SmppServerContext.ClockKey)));
        services.AddSingleton<SmppSubmitter>();
        services.AddSingleton<SmppMetrics>();
        services.AddSingleton<SmppServerContext>();
        services.AddSingleton<SmppServer>();
        services.AddHostedService(sp => sp.GetRequiredService<SmppServer>());
        services.AddSingleton<SmppDeliveryClaims>();
        services.AddSingleton<Core.Messaging.IInboundForwarder, SmppInboundRouter>();
        services.AddHostedService<SmppReceiptSender>();
        services.AddHostedService<SmppAccountWatcher>();
        return services;
    }
}
