using Microsoft.EntityFrameworkCore.Metadata;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// What an engine's own assembly (<c>ReEngage.Gateway.Data.Sqlite</c>, <c>ReEngage.Gateway.Data.Postgres</c>)
/// gives the gateway: its compiled model, its migrations (in the same assembly) and the few statements the
/// engine spells its own way. Everything else the gateway writes in SQL is the same on both engines.
/// </summary>
public abstract class DatabaseEngine
{
    /// <summary>The assembly holding this engine's migrations.</summary>
    public string MigrationsAssembly => GetType().Assembly.GetName().Name!;

    /// <summary>The compiled model for this engine's column types (from <c>dotnet ef dbcontext optimize</c>).</summary>
    public abstract IModel Model { get; }

    /// <summary>The activity recorder's set-based statements.</summary>
    public abstract ActivityStatements Activity { get; }
}
