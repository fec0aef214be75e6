using System.Data.Common;
using System.Diagnostics;
using System.Globalization;

/// <summary>
/// What the harness reads from a gateway's database (SQLite file or PostgreSQL) to time its queue: whether it
/// has drained, and per message how long it took to reach the network. Times are stored as UTC ticks on both
/// engines, so the same SQL serves both.
/// </summary>
internal static class QueueProbe
{
    public static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(3);

    /// <summary>Waits for the queue to empty, at most <see cref="DrainLimit"/>; returns how many messages were still unsent then (0: drained).</summary>
    public static async Task<int> DrainAsync(Func<Task<DbConnection>> database)
    {
        var clock = Stopwatch.StartNew();
        long waiting;
        while ((waiting = await ScalarAsync(database, "SELECT COUNT(*) FROM messages WHERE \"Status\" IN ('Queued', 'Scheduled', 'Sending')")) > 0 && clock.Elapsed < DrainLimit)
        {
            await Task.Delay(500);
        }

        if (waiting > 0)
        {
            Console.Error.WriteLine($"{waiting} messages still unsent after {DrainLimit.TotalMinutes:0} min");
        }

        return (int)waiting;
    }

    /// <summary>
    /// Per posted message, in ms: its first part's SubmittedAt minus <paramref name="from"/> (a column of
    /// messages: "CreatedAt" or "SendAt") minus <paramref name="subtractMs"/>. A message never submitted is +∞, so
    /// it counts against the percentiles instead of vanishing from them. Sorted, unless <paramref name="inOrder"/>: then in the order of <paramref name="ids"/>.
    /// </summary>
    public static async Task<List<double>> LatenciesAsync(Func<Task<DbConnection>> database, IReadOnlyCollection<long> ids, string from = "CreatedAt", double subtractMs = 0, bool inOrder = false)
    {
        await using var connection = await database();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT m.\"Id\", MIN(p.\"SubmittedAt\") - m.\"{from}\" FROM messages m JOIN message_parts p ON p.\"MessageId\" = m.\"Id\" " +
            $"WHERE m.\"Id\" IN ({string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))}) AND p.\"SubmittedAt\" IS NOT NULL GROUP BY m.\"Id\", m.\"{from}\"";
        var found = new Dictionary<long, double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetInt64(0)] = (Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture) / TimeSpan.TicksPerMillisecond) - subtractMs;
        }

        var latencies = ids.Select(id => found.TryGetValue(id, out var ms) ? ms : double.PositiveInfinity);
        return inOrder ? [.. latencies] : [.. latencies.Order()];
    }

    /// <summary>The value at <paramref name="p"/> of a sorted list (nearest rank), +∞ when the list holds unsent messages that far up.</summary>
    public static double At(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

    public static string Percentile(List<double> sorted, double p) => Ms(At(sorted, p));

    public static string Ms(double value) => double.IsPositiveInfinity(value) ? "not sent" : $"{value:0} ms";

    public static async Task<long> ScalarAsync(Func<Task<DbConnection>> database, string sql)
    {
        await using var connection = await database();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
