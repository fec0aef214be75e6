using ReEngage.Gateway.Core;

namespace ReEngage.Gateway.Api;

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
internal sealed record HttpsView(bool Enabled, bool Listening, int Port, bool RedirectHttp, string? Source, string? Fingerprint, string? Subject, IReadOnlyList<string> DnsNames, IReadOnlyList<string> IpAddresses, DateTimeOffset? NotAfter, string? Problem)
{
    public static HttpsView Of(Hosting.GatewayHttps https, HttpsOptions options)
    {
        var certificate = https.Certificate;
        return new HttpsView(
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
