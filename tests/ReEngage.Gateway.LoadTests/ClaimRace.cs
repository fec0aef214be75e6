using System.Diagnostics;
using Npgsql;
using ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// The issue's question — claims on PostgreSQL by <c>FOR UPDATE SKIP LOCKED</c> or by the conditional UPDATE the
/// gateway uses — asked of the database alone: <see cref="Claimers"/> claimers (a fleet of 3 nodes × 8 modems)
/// on their own connections take leases from one backlog on the gateway's schema and indexes, durable commits,
/// in raw SQL, so only the claim pattern differs. Each pattern runs on a fresh, vacuumed backlog, twice,
/// interleaved, so a busy moment of the machine falls on both. The claim's UPDATE is the gateway's lease
/// (Status Sending, Modem, ClaimedBy, LeaseUntil, Attempts + 1, Version + 1); the gateway's own claim also
/// writes its history row in the same transaction, the same for every pattern, so it is left out here.
/// </summary>
internal static class ClaimRace
{
    public const int Claimers = 24;
    private const int Batch = 25;

    private const string Lease =
        "\"Status\" = 'Sending', \"Modem\" = @modem, \"ClaimedBy\" = @node, \"LeaseUntil\" = @lease, \"Attempts\" = \"Attempts\" + 1, \"Version\" = \"Version\" + 1";

    private const string Due = "FROM messages WHERE \"Status\" = 'Queued' AND \"Priority\" = 'Normal' ORDER BY \"Id\"";

    private enum Pattern
    {
        /// <summary>The gateway's (MessageClaimer): read the 25 oldest, start at the claimer's own place among them, UPDATE … WHERE Version = v; a lost race tries the next.</summary>
        Conditional,

        /// <summary>
        /// The gateway's claim with SKIP LOCKED where it loses time: the same plain read and spread, then per
        /// candidate BEGIN; SELECT … WHERE Id = @id AND Version = @v FOR UPDATE SKIP LOCKED; the same conditional
        /// UPDATE; COMMIT — a candidate another claimer holds is passed over at once instead of waited for until
        /// that claimer's commit (and then lost). The shape a SKIP LOCKED path in the gateway would take to keep
        /// its routing in C# and its claim saved through EF with its events.
        /// </summary>
        ConditionalSkipLocked,

        /// <summary>The textbook queue: one statement, UPDATE … WHERE Id = (SELECT … LIMIT 1 FOR UPDATE SKIP LOCKED).</summary>
        SkipLockedOne,

        /// <summary>What the gateway's routing would need (it weighs candidates in C#): BEGIN; SELECT 25 … FOR UPDATE SKIP LOCKED; UPDATE one; COMMIT.</summary>
        SkipLockedBatch,
    }

    private sealed record Outcome(double PerSecond, List<double> Latencies, double LostPerClaim);

    public static async Task AddAsync(Report report, int rows, TimeSpan duration, Action<string> progress)
    {
        var connectionString = await PostgresCluster.CreateDatabaseAsync();
        var outcomes = new Dictionary<Pattern, List<Outcome>>();
        for (var round = 1; round <= 2; round++)
        {
            foreach (var pattern in Enum.GetValues<Pattern>())
            {
                progress($"claims: {pattern}, round {round}, {Claimers} claimers");
                await FillAsync(connectionString, rows);
                (outcomes.TryGetValue(pattern, out var list) ? list : outcomes[pattern] = []).Add(await RaceAsync(connectionString, pattern, duration));
            }
        }

        string Text(Pattern p) => string.Join("; ", outcomes[p].Select(o =>
            $"{o.PerSecond:0} claims/s, {QueueProbe.At(o.Latencies, 0.5):0.0} / {QueueProbe.At(o.Latencies, 0.99):0.0} ms{(o.LostPerClaim > 0 ? $", {o.LostPerClaim:0.00} lost races per claim" : "")}"));
        var conditional = Text(Pattern.Conditional);
        report.Add($"claims, raw SQL, {Claimers} claimers: conditional UPDATE on the version (the gateway's), claims/s, p50 / p99 per claim, rounds 1; 2", conditional, "-");
        report.Add($"claims, raw SQL, {Claimers} claimers: the same, each candidate first locked by SELECT … FOR UPDATE SKIP LOCKED in the claim's transaction", Text(Pattern.ConditionalSkipLocked), $"{conditional} (conditional UPDATE)");
        report.Add($"claims, raw SQL, {Claimers} claimers: UPDATE … WHERE Id = (SELECT … LIMIT 1 FOR UPDATE SKIP LOCKED)", Text(Pattern.SkipLockedOne), $"{conditional} (conditional UPDATE)");
        report.Add($"claims, raw SQL, {Claimers} claimers: BEGIN; SELECT {Batch} … FOR UPDATE SKIP LOCKED; UPDATE one; COMMIT", Text(Pattern.SkipLockedBatch), $"{conditional} (conditional UPDATE)");
    }

    private static async Task FillAsync(string connectionString, int rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            "TRUNCATE messages CASCADE",
            "INSERT INTO messages (\"To\", \"Text\", \"Status\", \"Priority\", \"Encoding\", \"PartCount\", \"StatusReport\", \"CreatedAt\", \"Attempts\", \"NeedsAttention\", \"Version\", \"ReportOverdue\") " +
                $"SELECT '+39340' || (1000000 + g), 'claim race', 'Queued', 'Normal', 'Gsm7', 1, TRUE, {DateTimeOffset.UtcNow.UtcTicks}, 0, FALSE, 0, FALSE FROM generate_series(1, {rows}) g",
            "VACUUM ANALYZE messages",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<Outcome> RaceAsync(string connectionString, Pattern pattern, TimeSpan duration)
    {
        var latencies = new List<double>();
        var lost = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Claimers).Select(async claimer =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var mine = new List<double>();
            var lostHere = 0;
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var (claimed, lostNow) = pattern switch
                {
                    Pattern.Conditional => await ConditionalAsync(connection, claimer, skipLocked: false),
                    Pattern.ConditionalSkipLocked => await ConditionalAsync(connection, claimer, skipLocked: true),
                    Pattern.SkipLockedOne => (await SkipLockedOneAsync(connection, claimer), 0),
                    _ => (await SkipLockedBatchAsync(connection, claimer), 0),
                };
                lostHere += lostNow;
                if (!claimed)
                {
                    break; // the backlog ran out
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
                lost += lostHere;
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        latencies.Sort();
        return new Outcome(latencies.Count / seconds, latencies, latencies.Count == 0 ? 0 : (double)lost / latencies.Count);
    }

    private static async Task<(bool Claimed, int Lost)> ConditionalAsync(NpgsqlConnection connection, int claimer, bool skipLocked)
    {
        var lostRaces = 0;
        while (true)
        {
            // Every candidate lost to others while more are queued: read again, as the dispatcher does at once.
            var candidates = new List<(long Id, int Version)>(Batch);
            await using (var read = new NpgsqlCommand($"SELECT \"Id\", \"Version\" {Due} LIMIT {Batch}", connection))
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    candidates.Add((reader.GetInt64(0), reader.GetInt32(1)));
                }
            }

            if (candidates.Count == 0)
            {
                return (false, lostRaces);
            }

            for (var i = 0; i < candidates.Count; i++)
            {
                var (id, version) = candidates[(i + claimer) % candidates.Count]; // MessageClaimer's spread: each modem at its own place
                await using var transaction = skipLocked ? await connection.BeginTransactionAsync() : null;
                if (transaction is not null)
                {
                    await using var probe = new NpgsqlCommand("SELECT 1 FROM messages WHERE \"Id\" = @id AND \"Version\" = @version FOR UPDATE SKIP LOCKED", connection, transaction);
                    probe.Parameters.AddWithValue("id", id);
                    probe.Parameters.AddWithValue("version", version);
                    if (await probe.ExecuteScalarAsync() is null)
                    {
                        await transaction.RollbackAsync();
                        lostRaces++;
                        continue;
                    }
                }

                await using var update = Leased(connection, $"UPDATE messages SET {Lease} WHERE \"Id\" = @id AND \"Version\" = @version", claimer);
                update.Transaction = transaction;
                update.Parameters.AddWithValue("id", id);
                update.Parameters.AddWithValue("version", version);
                if (await update.ExecuteNonQueryAsync() == 1)
                {
                    if (transaction is not null)
                    {
                        await transaction.CommitAsync();
                    }

                    return (true, lostRaces);
                }

                lostRaces++;
            }
        }
    }

    private static async Task<bool> SkipLockedOneAsync(NpgsqlConnection connection, int claimer)
    {
        await using var update = Leased(connection, $"UPDATE messages SET {Lease} WHERE \"Id\" = (SELECT \"Id\" {Due} LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING \"Id\"", claimer);
        return await update.ExecuteScalarAsync() is not null;
    }

    private static async Task<bool> SkipLockedBatchAsync(NpgsqlConnection connection, int claimer)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        long? first = null;
        await using (var read = new NpgsqlCommand($"SELECT \"Id\" {Due} LIMIT {Batch} FOR UPDATE SKIP LOCKED", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                first ??= reader.GetInt64(0); // the routing would weigh them all; the oldest is taken here
            }
        }

        if (first is null)
        {
            return false;
        }

        await using var update = Leased(connection, $"UPDATE messages SET {Lease} WHERE \"Id\" = @id", claimer);
        update.Transaction = transaction;
        update.Parameters.AddWithValue("id", first.Value);
        await update.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return true;
    }

    private static NpgsqlCommand Leased(NpgsqlConnection connection, string sql, int claimer)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("modem", $"m{claimer}");
        command.Parameters.AddWithValue("node", $"node-{claimer % 3}");
        command.Parameters.AddWithValue("lease", (DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2)).UtcTicks);
        return command;
    }
}
