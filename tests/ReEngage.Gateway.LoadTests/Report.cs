/// <summary>
/// The harness's table: each figure beside a baseline measured in the same run (or "-" where none is
/// meaningful) and beside its goal. A missed goal is listed under the table, and with --strict the harness
/// exits 1, so a script or CI job can tell a pass from a miss without reading the table.
/// </summary>
internal sealed class Report
{
    private readonly List<(string Measure, string Result, string Baseline, string Goal, bool? Met)> rows = [];

    /// <summary>A figure; <paramref name="met"/> is null when it has no goal.</summary>
    public void Add(string measure, string result, string baseline, string goal = "-", bool? met = null) =>
        rows.Add((measure, result, baseline, goal, met));

    public IEnumerable<string> Misses => rows.Where(r => r.Met == false).Select(r => $"{r.Measure}: {r.Result} (goal {r.Goal})");

    /// <summary>Prints the table; returns the exit code (1 when --strict and a goal was missed).</summary>
    public int Print(bool strict)
    {
        Console.WriteLine();
        Console.WriteLine("| Measure | Result | Baseline (same run) | Goal | Met |");
        Console.WriteLine("|---|---:|---:|---|---|");
        foreach (var (measure, result, baseline, goal, met) in rows)
        {
            Console.WriteLine($"| {measure} | {result} | {baseline} | {goal} | {(met is null ? "-" : met.Value ? "yes" : "**no**")} |");
        }

        var misses = Misses.ToList();
        Console.WriteLine();
        if (misses.Count == 0)
        {
            Console.WriteLine("Every goal met.");
            return 0;
        }

        Console.WriteLine($"{misses.Count} goal(s) missed:");
        foreach (var miss in misses)
        {
            Console.WriteLine($"  - {miss}");
        }

        return strict ? 1 : 0;
    }
}
