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
    public void TheMovesTheMethodsMake_AreExactlyTheTableAndTheDescribedLifecycle_AndNoneGoesBackExceptARetry()
    {
        var (moves, partMoves) = ExploreTheAggregate();

        // Both ways: every move a method made is in the table, and every move in the table is one some
        // method makes (a table entry nothing uses would hide a path the methods forgot, or allow one they never take).
        var table = (from f in Enum.GetValues<MessageStatus>() from t in Enum.GetValues<MessageStatus>() where MessageTransitions.IsLegal(f, t) select (f, t)).ToHashSet();
        Assert.Empty(moves.Except(table));
        Assert.Empty(table.Except(moves));
        var partTable = (from f in Enum.GetValues<PartStatus>() from t in Enum.GetValues<PartStatus>() where MessageTransitions.IsLegal(f, t) select (f, t)).ToHashSet();
        Assert.Empty(partMoves.Except(partTable));
        Assert.Empty(partTable.Except(partMoves));

        // And the lifecycle the README describes, written out here move by move: the methods consult the
        // table, so a table entry that lets a method go somewhere new (Requeue from Scheduled, say) shows up
        // in what they do and must be agreed here too.
        HashSet<(MessageStatus, MessageStatus)> described =
        [
            (MessageStatus.Queued, MessageStatus.Sending), (MessageStatus.Scheduled, MessageStatus.Sending),       // claimed
            (MessageStatus.Queued, MessageStatus.Cancelled), (MessageStatus.Scheduled, MessageStatus.Cancelled),   // API, campaign, erasure
            (MessageStatus.Queued, MessageStatus.Expired), (MessageStatus.Scheduled, MessageStatus.Expired),       // validUntil
            (MessageStatus.Queued, MessageStatus.Failed), (MessageStatus.Scheduled, MessageStatus.Failed),         // refused before sending
            (MessageStatus.Sending, MessageStatus.Queued),                                                         // a retry, or a lease that ran out with no part in doubt
            (MessageStatus.Sending, MessageStatus.Sent),                                                           // every part out
            (MessageStatus.Sending, MessageStatus.Failed),                                                         // a permanent error, or a part in doubt
            (MessageStatus.Sending, MessageStatus.Cancelled),                                                      // an opt-out found at send time, before any part
            (MessageStatus.Sent, MessageStatus.Delivered), (MessageStatus.Sent, MessageStatus.Failed),             // the status reports
        ];
        Assert.Empty(moves.Except(described));
        Assert.Empty(described.Except(moves));

        var order = new[] { MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered };
        foreach (var (from, to) in moves)
        {
            if (Array.IndexOf(order, to) is >= 0 and var toIndex && Array.IndexOf(order, from) is >= 0 and var fromIndex && toIndex < fromIndex)
            {
                Assert.Equal((MessageStatus.Sending, MessageStatus.Queued), (from, to));
            }
        }

        foreach (var final in new[] { MessageStatus.Delivered, MessageStatus.Failed, MessageStatus.Expired, MessageStatus.Cancelled })
        {
            Assert.DoesNotContain(moves, m => m.From == final);
        }
    }

    /// <summary>
    /// Drives messages of one and two parts, queued or scheduled, through every sequence of the aggregate's
    /// methods (breadth first over the distinct states they reach) and records each move by looking at the
    /// message before and after every call — not at the table, which the methods are supposed to follow.
    /// A call's state change must be explained by the moves it announced (a status set without an event
    /// fails here), and a refused call must leave the status where it was.
    /// </summary>
    private static (HashSet<(MessageStatus From, MessageStatus To)> Moves, HashSet<(PartStatus From, PartStatus To)> PartMoves) ExploreTheAggregate()
    {
        var moves = new HashSet<(MessageStatus, MessageStatus)>();
        var partMoves = new HashSet<(PartStatus, PartStatus)>();
        foreach (var (parts, start) in new[] { (1, MessageStatus.Queued), (2, MessageStatus.Queued), (1, MessageStatus.Scheduled), (2, MessageStatus.Scheduled) })
        {
            var actions = Actions(parts);
            var seen = new HashSet<string>();
            var frontier = new Queue<List<int>>([[]]);
            while (frontier.TryDequeue(out var path))
            {
                var message = Replay(parts, start, actions, path);
                if (!seen.Add(Key(message)) || path.Count > 12)
                {
                    continue;
                }

                for (var a = 0; a < actions.Count; a++)
                {
                    var probe = Replay(parts, start, actions, path);
                    Events(probe);
                    var before = probe.Status;
                    var partsBefore = probe.Parts.Select(p => p.Status).ToList();
                    try
                    {
                        actions[a].Act(probe);
                    }
                    catch (InvalidOperationException)
                    {
                        Assert.Equal(before, probe.Status);
                        continue;
                    }

                    var announced = Moves(probe).ToList();
                    var walked = announced.Aggregate(before, (at, move) =>
                    {
                        Assert.True(at == move.From, $"{actions[a].Name} after [{string.Join(", ", path.Select(i => actions[i].Name))}]: announced {move.From} → {move.To} from {at}");
                        return move.To;
                    });
                    Assert.True(walked == probe.Status, $"{actions[a].Name} after [{string.Join(", ", path.Select(i => actions[i].Name))}]: {before} → {probe.Status}, but its announced moves end at {walked}");
                    moves.UnionWith(announced);
                    for (var k = 0; k < parts; k++)
                    {
                        if (partsBefore[k] != probe.Parts[k].Status)
                        {
                            partMoves.Add((partsBefore[k], probe.Parts[k].Status));
                        }
                    }

                    frontier.Enqueue([.. path, a]);
                }
            }
        }

        return (moves, partMoves);
    }

    private static OutboundMessage Replay(int parts, MessageStatus start, List<(string Name, Action<OutboundMessage> Act)> actions, List<int> path)
    {
        var message = New(parts, start);
        foreach (var a in path)
        {
            actions[a].Act(message);
        }

        return message;
    }

    private static string Key(OutboundMessage m) =>
        $"{m.Status}|{m.ReportOverdue}|{string.Join(',', m.Parts.Select(p => $"{p.Status}:{p.ReportedAt is not null}"))}";

    /// <summary>Every public method of the aggregate that may change a state, with each part and each report outcome.</summary>
    private static List<(string Name, Action<OutboundMessage> Act)> Actions(int parts)
    {
        var actions = new List<(string, Action<OutboundMessage>)>
        {
            ("Claim", m => m.Claim("node-a", "sim-1", T0)),
            ("MarkSent", m => m.MarkSent(T0)),
            ("Requeue", m => m.Requeue(null, null, null, "sim-1", countsAsAttempt: true)),
            ("Fail", m => m.Fail("X", "x")),
            ("Cancel", m => m.Cancel("X", "x")),
            ("Expire", m => m.Expire()),
            ("ResolveExpiredLease", m => m.ResolveExpiredLease()),
            ("MarkReportOverdue", m => m.MarkReportOverdue()),
        };
        for (var k = 1; k <= parts; k++)
        {
            var part = k;
            actions.Add(($"BeginPart({part})", m => m.BeginPart(part, T0)));
            actions.Add(($"PartSubmitted({part})", m => m.PartSubmitted(part, 7, T0)));
            actions.Add(($"PartNotSent({part})", m => m.PartNotSent(part)));
            foreach (var outcome in Enum.GetValues<DeliveryOutcome>())
            {
                actions.Add(($"ApplyReport({part}, {outcome})", m => m.ApplyReport(part, outcome, outcome == DeliveryOutcome.Failed ? 0x41 : 0, T0, T0)));
            }
        }

        return actions;
    }
}
