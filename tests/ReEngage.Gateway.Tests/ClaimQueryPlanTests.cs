using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// Every query a worker makes to find its next message — the claim's look and an idle worker's next send time —
/// walks an index on SQLite instead of scanning or sorting the queue, so a claim costs the same with fifty messages
/// waiting or a campaign's hundred thousand. The indexes on leases, schedules and retries are partial (new messages
/// cost them nothing): a query whose filter does not imply the index's condition would silently fall back to a scan,
/// which is what this test catches. The plans are SQLite's own (<c>EXPLAIN QUERY PLAN</c>) for the SQL EF sent.
/// </summary>
public sealed class ClaimQueryPlanTests
{
    [Fact]
    public async Task TheClaimAndTheNextSendTime_WalkIndexes_NeverScanTheQueue()
    {
        var recorder = new CommandRecorder();
        await using var gateway = new GatewayFactory(new() { ["Gateway:Database:Provider"] = "Sqlite" }, services: s => s.AddSingleton<IInterceptor>(recorder));
        await gateway.WaitForModemsAsync();
        var handle = gateway.Services.GetRequiredService<ModemRegistry>().Handles[0];
        var claimer = gateway.Services.GetRequiredService<MessageClaimer>();
        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();

        recorder.Watched = db;
        await claimer.LookAsync(db, handle, CancellationToken.None);
        await MessageClaimer.NextDueAsync(db, handle, gateway.Now(), CancellationToken.None);
        recorder.Watched = null;

        var queries = recorder.Queries;
        Assert.Contains(queries, q => q.Sql.Contains("UNION ALL", StringComparison.Ordinal) && q.Sql.Contains("\"SendAt\" <=", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Sql.Contains("\"NextAttemptAt\" >", StringComparison.Ordinal));
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var (sql, parameters) in queries.Where(q => q.Sql.Contains("FROM \"messages\"", StringComparison.Ordinal)))
        {
            var (plan, text) = await PlanAsync(connection, sql, parameters);

            // Each read of the table is an index search; the only scans are of the union's own sub-results.
            var subResults = plan.Where(l => l.StartsWith("CO-ROUTINE ", StringComparison.Ordinal)).Select(l => l["CO-ROUTINE ".Length..]).ToHashSet();
            Assert.Equal(Occurrences(sql, "FROM \"messages\""), plan.Count(l => l.StartsWith("SEARCH ", StringComparison.Ordinal) && l.Contains(" USING ", StringComparison.Ordinal)));
            Assert.All(plan.Where(l => l.StartsWith("SCAN ", StringComparison.Ordinal)), l => Assert.True(subResults.Contains(l["SCAN ".Length..]), $"a scan: {l}\n{text}"));
            Assert.DoesNotContain(plan, l => l.Contains("TEMP B-TREE", StringComparison.Ordinal)); // a sort of what was read
        }
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static async Task<(List<string> Plan, string Text)> PlanAsync(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = explain.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            explain.Parameters.Add(parameter);
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return (plan, $"{string.Join('\n', plan)}\n-- for --\n{sql}");
    }

    // Every command the watched context sends, with its parameters, as the gateway's extra interceptor (DatabaseSetup).
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public DbContext? Watched { get; set; }

        public List<(string Sql, (string Name, object? Value)[] Parameters)> Queries { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command, eventData);
            return base.ReaderExecuting(command, eventData, result);
        }

        private void Record(DbCommand command, CommandEventData eventData)
        {
            if (Watched is { } watched && ReferenceEquals(eventData.Context, watched))
            {
                lock (Queries)
                {
                    Queries.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
                }
            }
        }
    }
}
