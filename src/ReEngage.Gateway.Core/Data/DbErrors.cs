using System.Data.Common;

namespace ReEngage.Gateway.Core.Data;

/// <summary>What a database error means, whichever engine raised it.</summary>
public static class DbErrors
{
    /// <summary>A unique index refused the row (SQLite's SQLITE_CONSTRAINT, PostgreSQL's 23505), directly or inside EF's DbUpdateException.</summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Microsoft.Data.Sqlite.SqliteException sqlite when sqlite.SqliteErrorCode == 19:
                case Npgsql.PostgresException postgres when postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation:
                    return true;
            }
        }

        return false;
    }

    /// <summary>PostgreSQL chose this transaction as a deadlock's victim (or could not serialise it): it was rolled back whole and may simply run again.</summary>
    public static bool IsRetryableConflict(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The database could not be reached or answered with a server-side failure (not a bug in a statement).</summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is DbException or InvalidOperationException or TimeoutException
        || exception.InnerException is DbException;
}
