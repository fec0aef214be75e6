namespace ReEngage.Gateway.Core.Security;

/// <summary>What a dashboard user may do.</summary>
public enum DashboardRole
{
    /// <summary>Everything: users, API keys, webhooks, settings.</summary>
    Admin,

    /// <summary>Contacts, segments, automations, campaigns, messages.</summary>
    Operator,

    /// <summary>Modems, logs, the AT console; read-only elsewhere.</summary>
    Technician,
}

/// <summary>A person who logs in to the dashboard.</summary>
public sealed class DashboardUser
{
    public int Id { get; set; }

    /// <summary>Lower case; unique.</summary>
    public required string UserName { get; set; }

    public DashboardRole Role { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 format.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>Changes when the password changes or the user is removed: cookies issued before stop working.</summary>
    public required string SecurityStamp { get; set; }

    public int FailedLogins { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }
}
