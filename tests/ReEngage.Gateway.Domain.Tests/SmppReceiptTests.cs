using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Domain.Tests;

public class SmppReceiptTests
{
    private static OutboundMessage Message(string? source) => new()
    {
        Id = 42, To = "+393471234567", Text = "A text longer than twenty characters", Source = source,
        CreatedAt = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void The_origin_round_trips_through_the_source()
    {
        var origin = new SmppOrigin("shop", 1, "ACME");
        Assert.Equal("smpp:shop:1:ACME", origin.Format());
        Assert.True(SmppOrigin.TryParse(origin.Format(), out var back));
        Assert.Equal(origin, back);
        Assert.True(SmppOrigin.TryParse("smpp:shop:2:", out var empty) && empty!.SourceAddress.Length == 0);
        Assert.False(SmppOrigin.TryParse("campaign:7", out _));
        Assert.False(SmppOrigin.TryParse(null, out _));
    }

    [Theory]
    [InlineData(1, MessageStatus.Delivered, true)]
    [InlineData(1, MessageStatus.Failed, true)]
    [InlineData(1, MessageStatus.Expired, true)]
    [InlineData(2, MessageStatus.Delivered, false)]
    [InlineData(2, MessageStatus.Failed, true)]
    [InlineData(0, MessageStatus.Failed, false)]
    [InlineData(1, MessageStatus.Sent, false)]
    [InlineData(1, MessageStatus.Cancelled, false)]
    public void Registered_delivery_decides_which_outcomes_owe_a_receipt(int registered, MessageStatus outcome, bool owed)
    {
        var now = new DateTimeOffset(2026, 3, 10, 13, 0, 0, TimeSpan.Zero);
        var receipt = SmppReceipt.For(Message(new SmppOrigin("shop", registered, "ACME").Format()), outcome, now);
        Assert.Equal(owed, receipt is not null);
        if (receipt is not null)
        {
            Assert.Equal(("shop", "ACME", "+393471234567", 42L, "A text longer than t"), (receipt.SystemId, receipt.ClientAddress, receipt.Recipient, receipt.MessageId, receipt.Excerpt));
        }
    }

    [Fact]
    public void Messages_from_the_api_owe_no_receipt() =>
        Assert.Null(SmppReceipt.For(Message(null), MessageStatus.Delivered, DateTimeOffset.UnixEpoch));
}
