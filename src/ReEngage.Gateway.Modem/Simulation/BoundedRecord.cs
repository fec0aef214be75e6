namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>Keeps a record bounded: once it holds its limit, the oldest tenth goes (at least one).</summary>
internal static class BoundedRecord
{
    public static void Append<T>(List<T> record, T entry, int limit)
    {
        if (record.Count >= limit)
        {
            record.RemoveRange(0, Math.Min(record.Count, Math.Max(1, limit / 10)));
        }

        record.Add(entry);
    }
}
