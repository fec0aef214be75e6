using System.Security.Cryptography;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>New seeds for holdout and A/B draws: random, positive, and small enough to read out and type back.</summary>
public static class Seeds
{
    public static long New() => RandomNumberGenerator.GetInt32(1, int.MaxValue);
}
