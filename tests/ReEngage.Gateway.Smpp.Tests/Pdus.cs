namespace ReEngage.Gateway.Smpp.Tests;

/// <summary>Hand-built PDU octets, written from the spec's field tables rather than by our encoder.</summary>
internal static class Pdus
{
    public static byte[] Build(uint commandId, uint status, uint sequence, params byte[][] fields)
    {
        var body = fields.SelectMany(f => f).ToArray();
        var pdu = new byte[16 + body.Length];
        Write(pdu, 0, (uint)pdu.Length);
        Write(pdu, 4, commandId);
        Write(pdu, 8, status);
        Write(pdu, 12, sequence);
        body.CopyTo(pdu, 16);
        return pdu;
    }

    public static byte[] C(string text) => [.. System.Text.Encoding.Latin1.GetBytes(text), 0];

    public static byte[] B(params byte[] bytes) => bytes;

    public static byte[] Tlv(ushort tag, params byte[] value) => [(byte)(tag >> 8), (byte)tag, (byte)(value.Length >> 8), (byte)value.Length, .. value];

    public static byte[] Submit(string source, string destination, byte[] message, byte esmClass = 0, byte dataCoding = 0, byte registered = 1,
        string schedule = "", string validity = "", params byte[][] tlvs) =>
        Build(SmppCommand.SubmitSm, 0, 7,
        [
            C(""), B(1, 1), C(source), B(1, 1), C(destination), B(esmClass, 0, 0), C(schedule), C(validity),
            B(registered, 0, dataCoding, 0, (byte)message.Length), message, .. tlvs,
        ]);

    private static void Write(byte[] target, int at, uint value)
    {
        target[at] = (byte)(value >> 24);
        target[at + 1] = (byte)(value >> 16);
        target[at + 2] = (byte)(value >> 8);
        target[at + 3] = (byte)value;
    }
}
