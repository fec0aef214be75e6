namespace ReEngage.Gateway.Tests;

/// <summary>
/// The engine the host-starting tests run on: SQLite (the appliance's default), or PostgreSQL for the whole
/// suite with <c>REENGAGE_TEST_DATABASE=postgres</c> (CI runs both). Tests about one engine's own features
/// (the SQLite file's backup, its upgrade, its copy to PostgreSQL) use <see cref="SqliteFactAttribute"/>.
/// </summary>
internal static class TestEngine
{
    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("REENGAGE_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A test of the SQLite engine's own behaviour: skipped when the suite runs on PostgreSQL.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestEngine.IsPostgres)
        {
            Skip = "about the SQLite file; the suite runs on PostgreSQL (REENGAGE_TEST_DATABASE=postgres)";
        }
    }
}
