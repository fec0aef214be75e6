using System.Globalization;

namespace ReEngage.Gateway.Modem;

/// <summary>
/// A PDU read from the modem is checked against the TPDU length its header states (+CMGR / +CMGL /
/// +CDS / +CMT: &lt;length&gt;): a serial line that drops a byte yields a PDU that may still decode — to
/// another message reference, and the wrong message would be marked delivered while the right report
/// is deleted. A stored one that does not fit is read again by a later sweep; one that reads the same
/// twice is believed (a firmware that states lengths its own way). A routed one is refused (RP-ERROR).
/// </summary>
public sealed partial class ModemSession
{
    private readonly Dictionary<(string Memory, int Index), string> suspectReads = [];

    private bool LooksIntact(string memory, int index, string pdu, int? length)
    {
        if (LengthFits(pdu, length))
        {
            lock (sync)
            {
                suspectReads.Remove((memory, index));
            }

            return true;
        }

        lock (sync)
        {
            if (suspectReads.TryGetValue((memory, index), out var before) && before == pdu)
            {
                suspectReads.Remove((memory, index));
                return true; // the same twice: that is what the modem holds
            }

            suspectReads[(memory, index)] = pdu;
        }

        SessionLog.SuspectPdu(logger, Name, memory, index);
        RequestSweep();
        return false;
    }

    private static bool LengthFits(string pdu, int? length)
    {
        if (length is not { } stated)
        {
            return true;
        }

        if (pdu.Length % 2 != 0 || pdu.Length < 2 || !int.TryParse(pdu.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var smsc))
        {
            return false;
        }

        // With the service-centre field first (27.005 PDU mode), or without it (some modems' +CDS).
        return smsc + 1 + stated == pdu.Length / 2 || stated == pdu.Length / 2;
    }

    // The last field of a +CMGR / +CMGL / +CDS header is the TPDU length.
    private static int? StatedLength(string? header) =>
        header is not null && int.TryParse(header.Split(',')[^1].Trim(), CultureInfo.InvariantCulture, out var length) ? length : null;
}
