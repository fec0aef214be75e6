using Microsoft.Extensions.Options;

namespace ReEngage.Gateway.Smtp;

/// <summary>Registers email to SMS (idle unless Gateway:Smtp:Enabled).</summary>
internal static class SmtpServiceCollectionExtensions
{
    public static IServiceCollection AddGatewaySmtp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddSingleton<SmtpMetrics>();
        services.AddSingleton<SmtpKeyAuthenticator>();
        services.AddSingleton<SmtpAddressFilter>();
        services.AddSingleton<SmtpMessageStore>();
        services.AddSingleton<SmtpListener>();
        services.AddHostedService(sp => sp.GetRequiredService<SmtpListener>());
        return services;
    }
}
