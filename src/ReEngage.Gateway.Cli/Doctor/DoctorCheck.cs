namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>How one finding stands.</summary>
internal enum Verdict
{
    Ok,
    Warning,
    Failure,
}

/// <summary>One finding: what was checked (and on what), the verdict, what was seen, and the fix in one sentence.</summary>
internal sealed record Finding(string Check, string? Subject, Verdict Verdict, string Detail, string? Fix = null)
{
    public static Finding Ok(string check, string? subject, string detail) => new(check, subject, Verdict.Ok, detail);

    public static Finding Warn(string check, string? subject, string detail, string fix) => new(check, subject, Verdict.Warning, detail, fix);

    public static Finding Fail(string check, string? subject, string detail, string fix) => new(check, subject, Verdict.Failure, detail, fix);
}

/// <summary>One of <c>reengage doctor</c>'s checks. Each reads the machine only through <see cref="DoctorContext"/>.</summary>
internal interface IDoctorCheck
{
    /// <summary>The name <c>--only</c> selects it by.</summary>
    string Name { get; }

    Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken);
}
