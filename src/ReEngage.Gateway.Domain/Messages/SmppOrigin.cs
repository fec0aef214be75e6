using System.Globalization;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// What a message that came through the SMPP server remembers of its submit, kept in its
/// <see cref="OutboundMessage.Source"/> as <c>smpp:&lt;system_id&gt;:&lt;registered_delivery&gt;:&lt;source_addr&gt;</c>:
/// the account a receipt goes to, whether one was asked for, and the address the receipt is addressed to.
/// </summary>
/// <param name="SystemId">The account's system_id (no ':').</param>
/// <param name="RegisteredDelivery">registered_delivery's receipt bits: 0 none, 1 on any outcome, 2 on failure only.</param>
/// <param name="SourceAddress">The submit's source_addr (at most 20 characters).</param>
public sealed record SmppOrigin(string SystemId, int RegisteredDelivery, string SourceAddress)
{
    private const string Prefix = "smpp:";

    /// <summary>The <see cref="OutboundMessage.Source"/> value.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{SystemId}:{RegisteredDelivery & 0x03}:{SourceAddress}");

    /// <summary>Reads a message's source; false for messages that did not come through SMPP.</summary>
    public static bool TryParse(string? source, out SmppOrigin? origin)
    {
        origin = null;
        if (source is null || !source.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = source[Prefix.Length..].Split(':', 3);
        if (parts.Length != 3 || parts[0].Length == 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var registered))
        {
            return false;
        }

        origin = new SmppOrigin(parts[0], registered, parts[2]);
        return true;
    }

    /// <summary>Whether a message that reached <paramref name="outcome"/> owes this client a receipt.</summary>
    public bool WantsReceipt(MessageStatus outcome) => outcome switch
    {
        MessageStatus.Delivered => RegisteredDelivery == 1,
        MessageStatus.Failed or MessageStatus.Expired => RegisteredDelivery is 1 or 2,
        _ => false,
    };
}
