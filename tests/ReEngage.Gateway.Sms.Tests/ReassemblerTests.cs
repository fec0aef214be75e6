using Microsoft.Extensions.Time.Testing;

namespace ReEngage.Gateway.Sms.Tests;

public class ReassemblerTests
{
    private static List<SmsDeliver> PartsOf(string from, string text, int reference) =>
        DeliverBuilder.Parts(from, text, reference);

    [Fact]
    public void PartsOutOfOrderAndTwice_AreJoinedOnce()
    {
        var clock = new FakeTimeProvider();
        var reassembler = new SmsReassembler(clock, TimeSpan.FromMinutes(10));
        var text = new string('x', 200) + " fine " + new string('y', 200);
        var parts = PartsOf("+393331111111", text, 7);
        Assert.Equal(3, parts.Count);

        Assert.Null(reassembler.Add(parts[2]));
        Assert.Null(reassembler.Add(parts[2]));
        Assert.Null(reassembler.Add(parts[0]));
        var whole = reassembler.Add(parts[1]);

        Assert.NotNull(whole);
        Assert.True(whole.Complete);
        Assert.Equal(text, whole.Text);
        Assert.Equal(0, reassembler.PendingCount);
        Assert.Null(reassembler.Add(parts[1])); // a late duplicate starts a new wait, not a second message
    }

    [Fact]
    public void SameReferenceFromTwoSenders_IsKeptApart()
    {
        var reassembler = new SmsReassembler(new FakeTimeProvider(), TimeSpan.FromMinutes(10));
        var a = PartsOf("+391", new string('a', 300), 9);
        var b = PartsOf("+392", new string('b', 300), 9);
        Assert.Null(reassembler.Add(a[0]));
        Assert.Null(reassembler.Add(b[1]));
        Assert.Equal(new string('a', 300), reassembler.Add(a[1])!.Text);
        Assert.Equal(new string('b', 300), reassembler.Add(b[0])!.Text);
    }

    [Fact]
    public void MissingPart_IsHandedOverIncomplete_AfterTheTimeout()
    {
        var clock = new FakeTimeProvider();
        var reassembler = new SmsReassembler(clock, TimeSpan.FromMinutes(10));
        var parts = PartsOf("+391", new string('a', 153) + new string('b', 153) + "c", 1);
        reassembler.Add(parts[0]);
        reassembler.Add(parts[2]);

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(reassembler.Expire());
        clock.Advance(TimeSpan.FromMinutes(1));
        var expired = Assert.Single(reassembler.Expire());

        Assert.False(expired.Complete);
        Assert.Equal(3, expired.ExpectedParts);
        Assert.Equal(new string('a', 153) + "c", expired.Text);
    }

    [Fact]
    public void LongMessageMissingItsLastPart_IsHandedOverIncomplete_AfterADay()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var reassembler = new SmsReassembler(clock, TimeSpan.FromHours(24));
        var parts = PartsOf("+393471234567", new string('a', 153) + new string('b', 153) + "c", 4);
        Assert.Null(reassembler.Add(parts[0] with { ServiceCentreTimestamp = clock.GetUtcNow() }));
        Assert.Null(reassembler.Add(parts[1] with { ServiceCentreTimestamp = clock.GetUtcNow() }));

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Empty(reassembler.Expire());
        clock.Advance(TimeSpan.FromHours(1));
        var expired = Assert.Single(reassembler.Expire());
        Assert.False(expired.Complete);
        Assert.Equal(new string('a', 153) + new string('b', 153), expired.Text);
    }

    [Fact]
    public void PartsFoundAgainAfterARestart_DoNotStartTheWaitOver()
    {
        // The first part reached the SMSC 25 h ago and waited in the modem through a restart: a fresh
        // reassembler (the restarted gateway) hands it over at its first check, not a day later.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var reassembler = new SmsReassembler(clock, TimeSpan.FromHours(24));
        var part = PartsOf("+393471234567", new string('a', 200), 5)[0] with { ServiceCentreTimestamp = clock.GetUtcNow().AddHours(-25) };
        Assert.Null(reassembler.Add(part));
        Assert.False(Assert.Single(reassembler.Expire()).Complete);
    }

    [Fact]
    public void ASmscClockFarOff_IsNotTrusted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var reassembler = new SmsReassembler(clock, TimeSpan.FromHours(24));
        var part = PartsOf("+393471234567", new string('a', 200), 5)[0] with { ServiceCentreTimestamp = new DateTimeOffset(2004, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        Assert.Null(reassembler.Add(part));
        Assert.Empty(reassembler.Expire());
    }

    [Fact]
    public void Fingerprint_IsTheSameForANetworkRetry_AndDiffersForANewMessage()
    {
        var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(1));
        ReassembledSms Message(string text, DateTimeOffset scts) =>
            new SmsReassembler(new FakeTimeProvider(), TimeSpan.FromHours(1)).Add(PartsOf("+393471234567", text, 0)[0] with { ServiceCentreTimestamp = scts })!;

        Assert.Equal(Message("Sì, confermo", at).Fingerprint, Message("Sì, confermo", at).Fingerprint);
        Assert.NotEqual(Message("Sì, confermo", at).Fingerprint, Message("Sì, confermo", at.AddSeconds(40)).Fingerprint);
        Assert.NotEqual(Message("Sì, confermo", at).Fingerprint, Message("No", at).Fingerprint);
    }

    [Fact]
    public void SinglePart_IsReturnedAtOnce()
    {
        var reassembler = new SmsReassembler(new FakeTimeProvider(), TimeSpan.FromMinutes(10));
        var whole = reassembler.Add(PartsOf("+391", "STOP", 0).Single());
        Assert.Equal("STOP", whole!.Text);
    }

    [Fact]
    public void SurrogatePairSplitBySender_IsWholeAfterJoining()
    {
        // Some phones split a UCS-2 surrogate pair across parts; joining the parts mends it.
        var first = DeliverBuilder.Ucs2Part("+391", new string('ж', 66) + "\uD83D", 5, 2, 1);
        var second = DeliverBuilder.Ucs2Part("+391", "\uDE00!", 5, 2, 2);
        var reassembler = new SmsReassembler(new FakeTimeProvider(), TimeSpan.FromMinutes(10));
        reassembler.Add(first);
        Assert.EndsWith("😀!", reassembler.Add(second)!.Text, StringComparison.Ordinal);
    }
}

/// <summary>Builds SMS-DELIVER parts by hand, independently of the SUBMIT encoder.</summary>
internal static class DeliverBuilder
{
    public static List<SmsDeliver> Parts(string from, string text, int reference)
    {
        var segmentation = SmsSegmenter.Segment(text);
        return segmentation.Parts.Select((p, i) => segmentation.Encoding == SmsEncoding.Gsm7
            ? Gsm7Part(from, text.Substring(p.Start, p.Length), reference, segmentation.Parts.Count, i + 1)
            : Ucs2Part(from, text.Substring(p.Start, p.Length), reference, segmentation.Parts.Count, i + 1)).ToList();
    }

    public static SmsDeliver Gsm7Part(string from, string text, int reference, int total, int sequence)
    {
        var header = total > 1 ? new byte[] { 5, 0, 3, (byte)reference, (byte)total, (byte)sequence } : [];
        var septets = new byte[320];
        var n = GsmAlphabet.ToSeptets(text, septets);
        var fill = SeptetPacking.FillBits(header.Length);
        var body = new byte[SeptetPacking.PackedLength(n, fill)];
        SeptetPacking.Pack(septets.AsSpan(0, n), body, fill);
        if (header.Length > 0)
        {
            // The fill bits share the first body octet's low bits with nothing: the header precedes it.
        }

        var udl = SeptetPacking.HeaderSeptets(header.Length) + n;
        return Build(from, 0x00, header, body, udl);
    }

    public static SmsDeliver Ucs2Part(string from, string text, int reference, int total, int sequence)
    {
        var header = total > 1 ? new byte[] { 5, 0, 3, (byte)reference, (byte)total, (byte)sequence } : [];
        var body = System.Text.Encoding.BigEndianUnicode.GetBytes(text);
        if (text.Length > 0 && char.IsSurrogate(text[^1]) || text.Length > 0 && char.IsSurrogate(text[0]))
        {
            body = text.SelectMany(c => new[] { (byte)(c >> 8), (byte)c }).ToArray();
        }

        return Build(from, 0x08, header, body, header.Length + body.Length);
    }

    private static SmsDeliver Build(string from, byte dcs, byte[] header, byte[] body, int udl)
    {
        var digits = from.TrimStart('+');
        var address = new List<byte> { (byte)digits.Length, 0x91 };
        for (var i = 0; i < digits.Length; i += 2)
        {
            var low = digits[i] - '0';
            var high = i + 1 < digits.Length ? digits[i + 1] - '0' : 0xF;
            address.Add((byte)((high << 4) | low));
        }

        var pdu = new List<byte> { 0x00, (byte)(header.Length > 0 ? 0x44 : 0x04) };
        pdu.AddRange(address);
        pdu.AddRange([0x00, dcs, 0x62, 0x11, 0x22, 0x21, 0x43, 0x00, 0x04, (byte)udl]);
        pdu.AddRange(header);
        pdu.AddRange(body);
        return Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu.ToArray(), hasServiceCentre: true));
    }
}
