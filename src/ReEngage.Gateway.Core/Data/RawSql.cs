using System.Data.Common;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// Prepared raw statements inside one transaction, for the bulk paths EF's change tracking makes slow. The
/// statements are written once for both engines: @name parameters, quoted column names, ON CONFLICT,
/// TRUE/FALSE; the two spellings that differ are translated here (see <see cref="ForEngine"/>).
/// </summary>
internal static class RawSql
{
    private const string SqliteIdList = "SELECT value FROM json_each(@ids)";
    private const string PostgresIdList = "SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(@ids AS jsonb))";

    public static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ForEngine(connection, sql);
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        // Npgsql prepares a statement only once its parameters have types, i.e. values; it prepares
        // repeated statements by itself (Max Auto Prepare) instead.
        if (!IsPostgres(connection))
        {
            command.Prepare();
        }

        return command;
    }

    public static bool IsPostgres(DbConnection connection) => connection is Npgsql.NpgsqlConnection;

    /// <summary>
    /// The statement in the connection's dialect: a list of ids is a JSON array parameter (SQLite's json_each,
    /// PostgreSQL's jsonb_array_elements_text), and the larger of two values is GREATEST (SQLite's two-argument MAX).
    /// </summary>
    public static string ForEngine(DbConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return IsPostgres(connection)
            ? sql.Replace(SqliteIdList, PostgresIdList, StringComparison.Ordinal)
            : sql.Replace("GREATEST(", "MAX(", StringComparison.Ordinal);
    }

    public static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
