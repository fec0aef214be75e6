using System.Data.Common;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// Prepared raw statements inside a <see cref="Transactions"/> transaction, for the bulk paths EF's change
/// tracking makes slow. Most are the same text on both engines (@name parameters, quoted column names,
/// ON CONFLICT, TRUE/FALSE); those an engine spells its own way come from its <see cref="DatabaseEngine"/>.
/// </summary>
internal static class RawSql
{
    public static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
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

    public static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
