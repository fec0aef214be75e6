using System.Security.Cryptography;
using System.Text;

namespace ReEngage.Gateway.Core.Security;

/// <summary>An integrator's API key, stored as a SHA-256 hash (keys are long random strings: no salt or KDF needed).</summary>
public sealed class ApiKey
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters, to recognise a key in the dashboard without storing it.</summary>
    public required string Prefix { get; set; }

    public required byte[] Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The stored hash of a key.</summary>
    public static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>A new random key: "rk_" + 40 base62 characters.</summary>
    public static string Generate()
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return "rk_" + RandomNumberGenerator.GetString(alphabet, 40);
    }
}

/// <summary>A key/value setting the gateway keeps in its database (e.g. the first-run setup code's hash).</summary>
public sealed class GatewaySetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}
