namespace ReEngage.Gateway.Smpp.Tests;

public class DeliveryReceiptTests
{
    [Fact]
    public void The_receipt_text_has_the_usual_layout_and_the_first_20_characters()
    {
        var receipt = new DeliveryReceipt("1234", 1, 1, new DateTimeOffset(2026, 3, 10, 12, 5, 30, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 10, 14, 7, 0, TimeSpan.FromHours(1)), MessageState.Delivered, 0, "Your order has shipped today, thanks");
        Assert.Equal("id:1234 sub:001 dlvrd:001 submit date:2603101205 done date:2603101307 stat:DELIVRD err:000 text:Your order has shipp", receipt.Format());
        Assert.True(DeliveryReceipt.TryParse(receipt.Format(), out var back));
        Assert.Equal(("1234", MessageState.Delivered, "Your order has shipp"), (back!.Id, back.State, back.Text));
    }

    [Theory]
    [InlineData(MessageState.Delivered, "DELIVRD")]
    [InlineData(MessageState.Expired, "EXPIRED")]
    [InlineData(MessageState.Undeliverable, "UNDELIV")]
    [InlineData(MessageState.Rejected, "REJECTD")]
    [InlineData(MessageState.Deleted, "DELETED")]
    [InlineData(MessageState.Accepted, "ACCEPTD")]
    [InlineData(MessageState.Unknown, "UNKNOWN")]
    [InlineData(MessageState.Enroute, "ENROUTE")]
    public void Each_state_has_its_stat_word(byte state, string word) => Assert.Equal(word, MessageState.StatWord(state));

    [Fact]
    public void Characters_clients_read_differently_become_question_marks()
    {
        var receipt = new DeliveryReceipt("1", 1, 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, MessageState.Undeliverable, 21, "a@b$c_€é");
        Assert.EndsWith("stat:UNDELIV err:021 text:a?b?c???", receipt.Format());
    }
}
