using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReEngage.Gateway.Core;

namespace ReEngage.Gateway.Hosting;

/// <summary>A Gateway:Https setting that names a certificate the gateway cannot use: start-up stops, exit code 2.</summary>
internal sealed class HttpsCertificateException(string message) : Exception(message);

/// <summary>
/// The HTTPS certificate: the user's (Gateway:Https:CertificatePath), or the gateway's own self-signed one, created
/// on the first start in &lt;data&gt;/https (certificate.pem, key.pem with 0600) and reused until it is missing,
/// expired, or made for another host name.
/// </summary>
internal static partial class HttpsCertificates
{
    public const string Folder = "https";
    public const string CertificateFile = "certificate.pem";
    public const string KeyFile = "key.pem";
    public static readonly TimeSpan Validity = TimeSpan.FromDays(5 * 365);

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>SHA-256 of the DER certificate as browsers show it: upper-case hex pairs joined by colons.</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The DNS names in the certificate's SubjectAlternativeName.</summary>
    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(san => san.EnumerateDnsNames()).ToList();

    /// <summary>The IP addresses in the certificate's SubjectAlternativeName.</summary>
    public static IReadOnlyList<IPAddress> IpAddresses(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(san => san.EnumerateIPAddresses()).ToList();

    /// <summary>The certificate in force: the user's when Gateway:Https:CertificatePath is set, the gateway's own otherwise.</summary>
    public static GatewayCertificate Resolve(HttpsOptions options, string dataDirectory, DateTimeOffset now, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            var provided = LoadProvided(options);
            if (provided.NotAfter.ToUniversalTime() < now.UtcDateTime)
            {
                LogProvidedExpired(logger, options.CertificatePath, provided.NotAfter);
            }

            LogProvided(logger, options.CertificatePath, Fingerprint(provided));
            return new GatewayCertificate(provided, CertificateSource.Provided, options.CertificatePath);
        }

        var folder = Path.Combine(Path.GetFullPath(dataDirectory), Folder);
        var certificatePath = Path.Combine(folder, CertificateFile);
        var keyPath = Path.Combine(folder, KeyFile);
        var hostName = HostName();
        var reason = "none was found";
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            try
            {
                var existing = Usable(X509Certificate2.CreateFromPemFile(certificatePath, keyPath));
                var names = DnsNames(existing);
                if (existing.NotAfter.ToUniversalTime() <= now.UtcDateTime)
                {
                    reason = $"the one in {folder} expired on {existing.NotAfter.ToUniversalTime():yyyy-MM-dd}";
                }
                else if (!names.Contains(hostName, StringComparer.OrdinalIgnoreCase))
                {
                    reason = $"the host name changed (the certificate in {folder} is for '{existing.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}', this machine is '{hostName}')";
                }
                else
                {
                    RestrictKey(keyPath);
                    LogReused(logger, certificatePath, Fingerprint(existing), existing.NotAfter.ToUniversalTime());
                    return new GatewayCertificate(existing, CertificateSource.Generated, certificatePath);
                }
            }
            catch (CryptographicException ex)
            {
                reason = $"the one in {folder} could not be read ({ex.Message})";
            }
        }

        var created = Create(hostName, now);
        try
        {
            Save(created, folder, certificatePath, keyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // HTTPS still works for this run; the fingerprint will change at the next start, so say so.
            LogNotSaved(logger, folder, ex.Message);
        }

        LogCreated(logger, reason, certificatePath, Fingerprint(created), string.Join(", ", DnsNames(created).Concat(IpAddresses(created).Select(a => a.ToString()))), created.NotAfter.ToUniversalTime());
        return new GatewayCertificate(created, CertificateSource.Generated, certificatePath);
    }

    /// <summary>A self-signed ECDSA P-256 server certificate for this machine's names and addresses.</summary>
    public static X509Certificate2 Create(string hostName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(hostName);
        subject.AddOrganizationName("ReEngage Gateway (self-signed)");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in new[] { hostName, hostName.Contains('.', StringComparison.Ordinal) ? null : hostName + ".local", "localhost" }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names.AddDnsName(dns);
        }

        foreach (var address in Addresses())
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return Usable(request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity)));
    }

    /// <summary>The machine's host name as the certificate carries it (lower case).</summary>
    public static string HostName()
    {
        var name = Dns.GetHostName().Trim().ToLowerInvariant();
        return name.Length == 0 || Uri.CheckHostName(name) != UriHostNameType.Dns ? "localhost" : name;
    }

    /// <summary>127.0.0.1, ::1 and every non-loopback address of the interfaces that are up.</summary>
    private static IEnumerable<IPAddress> Addresses()
    {
        var addresses = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus != OperationalStatus.Down))
            {
                foreach (var unicast in network.GetIPProperties().UnicastAddresses)
                {
                    var address = unicast.Address;
                    if (IPAddress.IsLoopback(address) || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
                    {
                        continue;
                    }

                    // A link-local IPv6 address carries its interface (fe80::1%eth0); a certificate holds the address only.
                    addresses.Add(address.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(address.GetAddressBytes()) : address);
                }
            }
        }
        catch (Exception ex) when (ex is NetworkInformationException or PlatformNotSupportedException or SocketException)
        {
            // No interface list (a locked-down container): the loopback addresses and the names still go in.
        }

        return addresses.Distinct();
    }

    private static void Save(X509Certificate2 certificate, string folder, string certificatePath, string keyPath)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The new certificate has no ECDSA key.");
        // The key first, each file written beside and then renamed over the old one: a crash half-way never
        // leaves a certificate whose key is another's.
        WriteAtomically(keyPath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteAtomically(certificatePath, certificate.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".new";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A key file others could read (restored from a backup, copied by hand) is made the owner's only.</summary>
    private static void RestrictKey(string keyPath)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyPath) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static X509Certificate2 LoadProvided(HttpsOptions options)
    {
        var path = options.CertificatePath!;
        if (!File.Exists(path))
        {
            throw new HttpsCertificateException($"Gateway:Https:CertificatePath: there is no file '{path}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.KeyPath) && !File.Exists(options.KeyPath))
        {
            throw new HttpsCertificateException($"Gateway:Https:KeyPath: there is no file '{options.KeyPath}'.");
        }

        string head;
        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[64];
            head = new string(buffer, 0, reader.ReadBlock(buffer));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HttpsCertificateException($"Gateway:Https:CertificatePath: '{path}' cannot be read ({ex.Message}).");
        }

        X509Certificate2 certificate;
        if (head.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            var keyPath = string.IsNullOrWhiteSpace(options.KeyPath) ? null : options.KeyPath;
            try
            {
                certificate = string.IsNullOrEmpty(options.CertificatePassword)
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, options.CertificatePassword, keyPath);
            }
            catch (CryptographicException ex)
            {
                var setting = string.IsNullOrEmpty(options.CertificatePassword) ? (keyPath is null ? "Gateway:Https:CertificatePath" : "Gateway:Https:KeyPath") : "Gateway:Https:CertificatePassword";
                var what = keyPath is null
                    ? $"'{path}' must hold the certificate and its private key, or set Gateway:Https:KeyPath to the key's file"
                    : $"'{keyPath}' is not the private key of the certificate in '{path}', or it cannot be read";
                throw new HttpsCertificateException($"{setting}: {what} ({ex.Message}).");
            }
            catch (ArgumentException ex)
            {
                throw new HttpsCertificateException($"Gateway:Https:CertificatePath: '{path}' holds no PEM certificate ({ex.Message}).");
            }
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(options.KeyPath))
            {
                throw new HttpsCertificateException($"Gateway:Https:KeyPath is for a PEM certificate, but '{path}' (Gateway:Https:CertificatePath) is not PEM: a PFX carries its key, remove Gateway:Https:KeyPath.");
            }

            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (CryptographicException ex)
            {
                throw new HttpsCertificateException(string.IsNullOrEmpty(options.CertificatePassword)
                    ? $"Gateway:Https:CertificatePassword is not set and the PFX file '{path}' (Gateway:Https:CertificatePath) cannot be opened without one, or it is not a PFX file ({ex.Message})."
                    : $"Gateway:Https:CertificatePassword does not open the PFX file '{path}' (Gateway:Https:CertificatePath), or it is not a PFX file ({ex.Message}).");
            }
        }

        if (!certificate.HasPrivateKey)
        {
            throw new HttpsCertificateException($"Gateway:Https:CertificatePath: '{path}' has no private key; a server certificate needs its key (a PFX with it, or Gateway:Https:KeyPath).");
        }

        return Usable(certificate);
    }

    /// <summary>SslStream on Windows cannot use a key that lives only in memory (PEM); Linux can.</summary>
    private static X509Certificate2 Usable(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    [LoggerMessage(3100, LogLevel.Information, "HTTPS: created a self-signed certificate because {Reason}: {Path}, SHA-256 {Fingerprint}, for {Names}, valid until {NotAfter:yyyy-MM-dd}")]
    private static partial void LogCreated(ILogger logger, string reason, string path, string fingerprint, string names, DateTime notAfter);

    [LoggerMessage(3101, LogLevel.Information, "HTTPS: using the self-signed certificate {Path}, SHA-256 {Fingerprint}, valid until {NotAfter:yyyy-MM-dd}")]
    private static partial void LogReused(ILogger logger, string path, string fingerprint, DateTime notAfter);

    [LoggerMessage(3102, LogLevel.Information, "HTTPS: using the certificate from Gateway:Https:CertificatePath {Path}, SHA-256 {Fingerprint}")]
    private static partial void LogProvided(ILogger logger, string path, string fingerprint);

    [LoggerMessage(3104, LogLevel.Warning, "HTTPS: the new certificate could not be saved in {Folder} ({Error}); it serves this run only, and the next start makes another, with another fingerprint")]
    private static partial void LogNotSaved(ILogger logger, string folder, string error);

    [LoggerMessage(3103, LogLevel.Warning, "HTTPS: the certificate from Gateway:Https:CertificatePath {Path} expired on {NotAfter:yyyy-MM-dd}; browsers will refuse it. Replace it, or remove the setting to use the gateway's own.")]
    private static partial void LogProvidedExpired(ILogger logger, string path, DateTime notAfter);
}

internal enum CertificateSource
{
    Generated,
    Provided,
}

/// <summary>The certificate in force and where it came from.</summary>
internal sealed record GatewayCertificate(X509Certificate2 Certificate, CertificateSource Source, string Path)
{
    public string Fingerprint { get; } = HttpsCertificates.Fingerprint(Certificate);
}
