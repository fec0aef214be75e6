namespace ReEngage.Gateway.Core;

/// <summary>Which engine holds the gateway's data.</summary>
public enum DatabaseProvider
{
    /// <summary>One file in the data directory: the single appliance, no server to run.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by every node of a fleet.</summary>
    Postgres,
}

/// <summary>The "Gateway:Database" section.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Sqlite (default: gateway.db in the data directory) or Postgres (a fleet's shared database).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For Postgres: an Npgsql connection string ("Host=…;Database=…;Username=…;Password=…").</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    internal IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return "Gateway:Database:Provider must be Sqlite or Postgres.";
        }

        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "Gateway:Database:ConnectionString is required when Gateway:Database:Provider is Postgres (e.g. \"Host=db.local;Database=reengage;Username=reengage;Password=…\").";
        }

        if (IsPostgres && !string.IsNullOrWhiteSpace(ConnectionString) && ConnectionStringProblem(ConnectionString) is { } problem)
        {
            yield return $"Gateway:Database:ConnectionString is not a valid Npgsql connection string: {problem}";
        }
    }

    // Its own method, so that a gateway on SQLite never loads Npgsql (the iterator above is compiled on every start).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
