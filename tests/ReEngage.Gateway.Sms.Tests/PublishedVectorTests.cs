
namespace ReEngage.Gateway.Sms.Tests;

/// <summary>PDUs published by python-gsmmodem, ModemManager and Gammu, decoded to their published fields.</summary>
public class PublishedVectorTests
{
    [Fact]
    public void StatusReport_ReadWithCmgr_DecodesNationalRecipientAndTimes()
    {
        var report = Assert.IsType<SmsStatusReport>(PduDecoder.Decode("07917248014000F506B70AA18092020000317071518590803170715185418000", tpduLength: 24));
        Assert.Equal("+27841004005", report.ServiceCentre?.Number);
        Assert.Equal(183, report.MessageReference);
        Assert.Equal("0829200000", report.Recipient.Number);
        Assert.Equal(new DateTimeOffset(2013, 7, 17, 15, 58, 9, TimeSpan.FromHours(2)), report.ServiceCentreTimestamp);
        Assert.Equal(new DateTimeOffset(2013, 7, 17, 15, 58, 14, TimeSpan.FromHours(2)), report.DischargeTime);
        Assert.Equal(DeliveryOutcome.Delivered, report.Status.Outcome);
        Assert.True(report.Status.IsFinal);
    }

    [Fact]
    public void StatusReport_FromCds_WithStatus0x30_IsPendingNotFinal()
    {
        var report = Assert.IsType<SmsStatusReport>(PduDecoder.Decode("07914356060013F1065A098136395339F6219011700463802190117004638030", tpduLength: 24));
        Assert.Equal(90, report.MessageReference);
        Assert.Equal("639335936", report.Recipient.Number);
        Assert.Equal(0x30, report.Status.Value);
        Assert.Equal(DeliveryOutcome.Pending, report.Status.Outcome);
        Assert.False(report.Status.IsFinal);
    }

    [Fact]
    public void StatusReport_WithoutSmscField_IsRecognisedAutomatically()
    {
        var report = Assert.IsType<SmsStatusReport>(PduDecoder.Decode("0006D60B911326880736F4111011719551401110117195714000"));
        Assert.Null(report.ServiceCentre);
        Assert.Equal(214, report.MessageReference);
        Assert.Equal("+31628870634", report.Recipient.Number);
        Assert.Equal(DeliveryOutcome.Delivered, report.Status.Outcome);
    }

    [Fact]
    public void Deliver_AlphanumericSenderAndUcs2_Decodes()
    {
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode("07919730071111F10414D04937BD2C7797E9D3E614000811309291024061080442043504410442"));
        Assert.Equal("InternetSMS", deliver.Originator.Number);
        Assert.True(deliver.Originator.IsAlphanumeric);
        Assert.Equal("тест", deliver.UserData.Text);
        Assert.Equal(SmsEncoding.Ucs2, deliver.UserData.Encoding);
        Assert.Equal(new DateTimeOffset(2011, 3, 29, 19, 20, 4, TimeSpan.FromHours(4)), deliver.ServiceCentreTimestamp);
    }

    [Fact]
    public void Deliver_WithConcatenationOneOfOne_Decodes()
    {
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode("0591721891F1400781721881F800003160526104848059050003C30101916536FB1DCABEEB2074D85E064941B19CAB060319A5C522289C96D3D3ED32286C0FA7D96131BBEC024941B19CAB0603DDD36C36A88C87A7E565D0DB0D82C55EB0DB4B068BCD5C20"));
        Assert.Equal("2781188", deliver.Originator.Number);
        Assert.Equal("Hello!You have R 19.50 FREE airtime available. R 19.50 will expire on 01/07/2013. ", deliver.UserData.Text);
        Assert.Equal(new ConcatenationInfo(0xC3, 1, 1, false), deliver.UserData.Concatenation);
    }

    [Fact]
    public void Deliver_WithExtensionCharactersAndSectionSign_Decodes()
    {
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode("07912104442961F4040B916171957291F800001120821105050A6AC8B2BC7C9A83C220F6DB7D2ECB41EDF27C1E3E97411BDE06754FD3D1A0F9BB5D0695F1F4B29B5C2683C6E8B03C3CA697E5F34D6AE303D1D1F2F7DD0D4ABB59A0797D8C0685E7A00028EC26832A960B28EC2683BE6050780EBA97D96C17"));
        Assert.Equal("+16175927198", deliver.Originator.Number);
        Assert.Equal("Here's a longer message [{with some extended characters}] thrown in, such as £ and ΩΠΨ and §¿ as well.", deliver.UserData.Text);
    }

    [Fact]
    public void Submit_WithoutSmsc_Decodes()
    {
        var submit = Assert.IsType<SmsSubmit>(PduDecoder.Decode("0001000B917228001011F100000CC8329BFD065DDF72363904"));
        Assert.Equal("+27820001111", submit.Destination.Number);
        Assert.Equal("Hello World!", submit.UserData.Text);
        Assert.Equal(0, submit.MessageReference);
    }

    [Fact]
    public void Encode_GammuVectorWithSmsc_IsByteIdentical()
    {
        var message = SmsSubmitEncoder.Encode("1234", "123456", new SmsSubmitOptions { ServiceCentre = "1234", ValidityPeriod = ValidityPeriod.Maximum });
        var part = Assert.Single(message.Parts);
        Assert.Equal("038121431100048121430000FF0631D98C56B301", part.Pdu);
        Assert.Equal(16, part.TpduLength);
    }

    [Fact]
    public void Encode_PythonGsmModemVector_IsByteIdentical()
    {
        var message = SmsSubmitEncoder.Encode("+27820001111", "Hello World!", new SmsSubmitOptions { ValidityPeriod = null });
        Assert.Equal("0001000B917228001011F100000CC8329BFD065DDF72363904", Assert.Single(message.Parts).Pdu);
        Assert.Equal(24, message.Parts[0].TpduLength);
    }
}
