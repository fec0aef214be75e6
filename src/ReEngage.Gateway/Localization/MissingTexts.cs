using System.Collections.Concurrent;

namespace ReEngage.Gateway.Localization;

/// <summary>
/// Every text a page asked for that no resource file holds (it rendered as its key). Logged once each; the
/// tests read the list, so a page that renders a string with no resource entry fails them.
/// </summary>
internal sealed partial class MissingTexts(ILogger<MissingTexts> logger)
{
    private readonly ConcurrentDictionary<string, byte> missing = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> All => [.. missing.Keys.Order(StringComparer.Ordinal)];

    public void Record(string resource, string key)
    {
        if (missing.TryAdd($"{resource}: {key}", 0))
        {
            LogMissing(logger, resource, key);
        }
    }

    [LoggerMessage(3300, LogLevel.Warning, "No entry in {Resource}.resx for \"{Key}\": shown as it is")]
    private static partial void LogMissing(ILogger logger, string resource, string key);
}
