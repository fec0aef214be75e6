using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Sms;
using static ReEngage.Gateway.Core.Tests.Messages;

namespace ReEngage.Gateway.Core.Tests;

public sealed class MessageLifecycleTests
{
    [Fact]
    public void Claim_MovesQueuedToSending_WithTheLeaseAndTheModem_AndRecordsTheMove()
    {
        var message = New();
        message.Claim("node-a", "sim-1", T0.AddMinutes(2));

        Assert.Equal(MessageStatus.Sending, message.Status);
        Assert.Equal(("node-a", "sim-1", 1), (message.ClaimedBy, message.Modem, message.Attempts));
        Assert.Equal(T0.AddMinutes(2), message.LeaseUntil);
        Assert.Equal([(MessageStatus.Queued, MessageStatus.Sending)], Moves(message));
    }

    [Fact]
    public void EveryChange_BumpsTheVersion_SoConcurrentWritersCollideInsteadOfOverwriting()
    {
        var message = New(parts: 2);
        var versions = new List<int> { message.Version };
        message.Claim("node-a", "sim-1", T0);
        versions.Add(message.Version);
        message.BeginPart(1, T0);
        versions.Add(message.Version);
        message.PartSubmitted(1, 7, T0);
        versions.Add(message.Version);
        message.ApplyReport(1, DeliveryOutcome.Delivered, 0, T0, T0);
        versions.Add(message.Version);

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    [Theory]
    [InlineData(MessageStatus.Delivered)]
    [InlineData(MessageStatus.Failed)]
    [InlineData(MessageStatus.Cancelled)]
    [InlineData(MessageStatus.Expired)]
    [InlineData(MessageStatus.Sent)]
    public void AMessagePastTheQueue_CannotBeClaimedOrCancelled(MessageStatus status)
    {
        var message = New(status: status);
        Assert.Throws<IllegalTransitionException>(() => message.Claim("node-a", "sim-1", T0));
        Assert.Throws<IllegalTransitionException>(() => message.Cancel("X", "x"));
        Assert.Throws<IllegalTransitionException>(() => message.Expire());
        Assert.Equal(status, message.Status);
    }

    [Fact]
    public void ADeliveredMessage_NeverMovesBack_WhenALateFailureReportArrives()
    {
        var message = Sent();
        message.ApplyReport(1, DeliveryOutcome.Delivered, 0, T0.AddMinutes(1), T0.AddMinutes(1));
        Assert.Equal(MessageStatus.Delivered, message.Status);

        message.ApplyReport(1, DeliveryOutcome.Failed, 0x41, T0.AddMinutes(2), T0.AddMinutes(2));
        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.Equal(PartStatus.Delivered, message.Parts[0].Status);
    }

    [Fact]
    public void ReportsThatBeatTheSentCheckpoint_SettleTheMessageWhenItIsMarkedSent()
    {
        var message = New(parts: 2);
        message.Claim("node-a", "sim-1", T0);
        message.BeginPart(1, T0);
        message.PartSubmitted(1, 11, T0);
        message.ApplyReport(1, DeliveryOutcome.Delivered, 0, T0.AddSeconds(1), T0.AddSeconds(1));
        message.BeginPart(2, T0);
        message.PartSubmitted(2, 12, T0);
        message.ApplyReport(2, DeliveryOutcome.Delivered, 0, T0.AddSeconds(3), T0.AddSeconds(3));
        Assert.Equal(MessageStatus.Sending, message.Status);
        Events(message);

        message.MarkSent(T0.AddSeconds(2));

        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.Equal(T0.AddSeconds(3), message.DeliveredAt);
        Assert.Equal([(MessageStatus.Sending, MessageStatus.Sent), (MessageStatus.Sent, MessageStatus.Delivered)], Moves(message));
    }

    [Fact]
    public void AFailedPartReport_FailsTheMessage_WithTheReportsStatus()
    {
        var message = Sent(parts: 2);
        message.ApplyReport(1, DeliveryOutcome.Delivered, 0, T0, T0);
        Assert.Equal(MessageStatus.Sent, message.Status);

        message.ApplyReport(2, DeliveryOutcome.Failed, 0x41, T0, T0);

        Assert.Equal(MessageStatus.Failed, message.Status);
        Assert.Equal("ST 0x41", message.ErrorCode);
    }

    [Fact]
    public void ExpiredLease_WithAPartInDoubt_FailsForTheOperator_AndIsNeverRequeued()
    {
        var message = New(parts: 2);
        message.Claim("node-a", "sim-1", T0);
        message.BeginPart(1, T0);

        message.ResolveExpiredLease();

        Assert.Equal(MessageStatus.Failed, message.Status);
        Assert.True(message.NeedsAttention);
        Assert.Equal("UNKNOWN_OUTCOME", message.ErrorCode);
        Assert.Null(message.ClaimedBy);
    }

    [Fact]
    public void ExpiredLease_WithPartsAlreadyOut_RequeuesOnTheSameModem_AndWithNoneOut_OnAny()
    {
        var partly = New(parts: 2);
        partly.Claim("node-a", "sim-1", T0);
        partly.BeginPart(1, T0);
        partly.PartSubmitted(1, 5, T0);
        partly.ResolveExpiredLease();
        Assert.Equal((MessageStatus.Queued, "sim-1"), (partly.Status, partly.Modem));

        var untouched = New();
        untouched.Claim("node-a", "sim-1", T0);
        untouched.ResolveExpiredLease();
        Assert.Equal((MessageStatus.Queued, (string?)null, (string?)null), (untouched.Status, untouched.Modem, untouched.ClaimedBy));
    }

    [Fact]
    public void Cancel_IsRefused_OnceAPartIsOut()
    {
        var message = New(parts: 2);
        message.Claim("node-a", "sim-1", T0);
        message.BeginPart(1, T0);
        message.PartSubmitted(1, 5, T0);

        Assert.Throws<IllegalTransitionException>(() => message.Cancel("OPTED_OUT", "x"));
        Assert.Equal(MessageStatus.Sending, message.Status);
    }

    [Fact]
    public void MarkSent_IsRefused_WhileAPartIsStillPending()
    {
        var message = New(parts: 2);
        message.Claim("node-a", "sim-1", T0);
        message.BeginPart(1, T0);
        message.PartSubmitted(1, 5, T0);

        Assert.Throws<IllegalTransitionException>(() => message.MarkSent(T0));
    }

    [Fact]
    public void Requeue_ThatIsNotAnAttempt_GivesTheAttemptBack_AndAvoidsTheModemOnlyWhenNoPartIsOut()
    {
        var message = New();
        message.Claim("node-a", "sim-1", T0);
        message.BeginPart(1, T0);
        message.PartNotSent(1);
        message.Requeue(null, null, null, "sim-1", countsAsAttempt: false);

        Assert.Equal((MessageStatus.Queued, 0, "sim-1"), (message.Status, message.Attempts, message.AvoidModem));
        Assert.Equal(PartStatus.Pending, message.Parts[0].Status);
    }

    [Fact]
    public void EveryLegalMove_IsInTheTable_AndNoStateMovesBackExceptARetry()
    {
        var order = new[] { MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered };
        foreach (var from in Enum.GetValues<MessageStatus>())
        {
            foreach (var to in Enum.GetValues<MessageStatus>())
            {
                if (MessageTransitions.IsLegal(from, to) && Array.IndexOf(order, to) is >= 0 and var toIndex && Array.IndexOf(order, from) is >= 0 and var fromIndex && toIndex < fromIndex)
                {
                    Assert.Equal((MessageStatus.Sending, MessageStatus.Queued), (from, to));
                }
            }
        }

        foreach (var final in new[] { MessageStatus.Delivered, MessageStatus.Failed, MessageStatus.Expired, MessageStatus.Cancelled })
        {
            Assert.DoesNotContain(Enum.GetValues<MessageStatus>(), to => MessageTransitions.IsLegal(final, to));
        }
    }
}
