using ReEngage.Gateway.Modem.At.Replies;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>Registration layouts built from 27.007 §7.2 / §10.1.20 / §10.1.22 / §10.1.59 and their known deviations.</summary>
public sealed class NetworkRegistrationParserTests
{
    private static NetworkRegistration Read(string line)
    {
        var result = NetworkRegistrationParser.ParseLine(line);
        Assert.True(result.IsValid, result.Error);
        return result.Value!;
    }

    [Theory]
    [InlineData("+CREG: 4", null, 4, null, null, null)] // URC, n=1
    [InlineData("+CREG: 1,4", 1, 4, null, null, null)] // read command, n=1
    [InlineData("+CREG: 5,\"A1B2\",\"0C3D4E5F\",7", null, 5, "A1B2", "0C3D4E5F", 7)] // URC, n=2, with AcT
    [InlineData("+CREG: 2,5,\"A1B2\",\"0C3D4E5F\"", 2, 5, "A1B2", "0C3D4E5F", null)] // read, n=2: same count as the URC with AcT
    [InlineData("+CREG: 0,1,\"A1B2\",\"0C3D\"", 0, 1, "A1B2", "0C3D", null)] // n=0 yet location sent
    [InlineData("+CREG: 2,1,a1b2,c3d4", 2, 1, "a1b2", "c3d4", null)] // unquoted lower-case hex
    [InlineData("+CREG: 1,0A1B,c3d4e5,2", null, 1, "0A1B", "c3d4e5", 2)] // URC, unquoted 4-digit LAC
    [InlineData("+CREG:0002,0005,\"1234\",\"5678\"", 2, 5, "1234", "5678", null)] // zero-padded, no space
    [InlineData("+CREG: 0010,\"1234\",\"5678\",0", null, 10, "1234", "5678", 0)] // URC, padded two-digit stat
    [InlineData("+CREG: 3,,", null, 3, "", "", null)] // empty location fields
    [InlineData("+CREG: 2 , 1 , \"1234\" , \"5678\" , 2", 2, 1, "1234", "5678", 2)] // spaces around every comma
    public void Creg_LayoutComesFromTheFields_NotFromN(string line, int? n, int stat, string? lac, string? ci, int? act)
    {
        Assert.Equal(new NetworkRegistration(RegistrationDomain.CircuitSwitched, n, stat, lac, ci, act), Read(line));
    }

    [Fact]
    public void Cgreg_ReadsTheRoutingAreaAfterAcT()
    {
        Assert.Equal("7F", Read("+CGREG: 1,\"1234\",\"5678ABCD\",2,\"7F\"").RoutingArea);
    }

    [Fact]
    public void Cereg_WithAnExtraFieldBeforeTheCellId_ReadsItAsRac_AndLeavesStandardReplies()
    {
        var novatel = Read("+CEREG: 2,1, 00A1, 3 ,12AB34 ,7");
        Assert.Equal(("00A1", "3", "12AB34", 7), (novatel.AreaCode, novatel.RoutingArea, novatel.CellId, novatel.AccessTechnology));

        // n=3 adds <cause_type>,<reject_cause> after AcT: still the standard reading.
        var standard = Read("+CEREG: 3,3,\"00A1\",\"12AB34\",7,0,15");
        Assert.Equal(("00A1", null, "12AB34", 7), (standard.AreaCode, standard.RoutingArea, standard.CellId, standard.AccessTechnology));
    }

    [Fact]
    public void C5greg_ReadsTheAllowedNssai()
    {
        var r = Read("+C5GREG: 1,\"00A1\",\"12AB34CD5\",11,4,\"01020304\"");
        Assert.Equal((RegistrationDomain.FiveG, 11, 4, "01020304"), (r.Domain, r.AccessTechnology, r.AllowedNssaiLength, r.AllowedNssai));
        Assert.True(r.IsRegistered);
    }

    [Theory]
    [InlineData("+CREG: 2,1,\"12,\"34\",7")] // quotes do not pair
    [InlineData("+CREG: 2,1,\"1234")] // quote never closed
    [InlineData("+CREG: \"1\",\"1234\",\"5678\"")] // a quoted <stat>
    [InlineData("+CREG: x")]
    [InlineData("+CREG: ")]
    [InlineData("+CSQ: 2,1")]
    public void MalformedLines_AreRejected_NotThrown(string line)
    {
        Assert.False(NetworkRegistrationParser.ParseLine(line).IsValid);
    }

    [Fact]
    public void ReplyWithoutARegistrationLine_IsValidButAbsent()
    {
        var result = NetworkRegistrationParser.Parse("AT+CREG?\r\nOK\r\n");
        Assert.True(result.IsValid);
        Assert.False(result.HasValue);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    [InlineData(10, true)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(8, false)]
    [InlineData(11, false)]
    public void IsRegistered_FollowsStat(int stat, bool registered)
    {
        Assert.Equal(registered, new NetworkRegistration(RegistrationDomain.Eps, null, stat, null, null, null).IsRegistered);
    }
}
