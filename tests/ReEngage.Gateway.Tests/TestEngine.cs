namespace ReEngage.Gateway.Tests;

/// <summary>
/// The engine the host-starting tests run on: SQLite (the appliance's default), or PostgreSQL for the whole
/// suite with <c>REENGAGE_TEST_DATABASE=postgres</c> (CI runs both). Tests about one engine's own features
/// (the SQLite file's backup, its upgrade, its copy to PostgreSQL) set <c>Gateway:Database:Provider</c> themselves.
/// </summary>
internal static class TestEngine
{
    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("REENGAGE_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);
}
