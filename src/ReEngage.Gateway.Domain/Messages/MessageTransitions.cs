namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// The legal moves of a message and of its parts: the one table every state change is checked against.
/// A state never moves backwards except Sending → Queued (a retry, or a lease that expired before any
/// part was in doubt).
/// </summary>
public static class MessageTransitions
{
    public static bool IsLegal(MessageStatus from, MessageStatus to) => (from, to) switch
    {
        (MessageStatus.Queued or MessageStatus.Scheduled, MessageStatus.Sending) => true,
        (MessageStatus.Queued or MessageStatus.Scheduled, MessageStatus.Cancelled or MessageStatus.Expired or MessageStatus.Failed) => true,
        (MessageStatus.Sending, MessageStatus.Queued or MessageStatus.Sent or MessageStatus.Failed or MessageStatus.Cancelled) => true,
        (MessageStatus.Sent, MessageStatus.Delivered or MessageStatus.Failed) => true,
        _ => false,
    };

    public static bool IsLegal(PartStatus from, PartStatus to) => (from, to) switch
    {
        (PartStatus.Pending, PartStatus.Submitting) => true,
        (PartStatus.Submitting, PartStatus.Submitted or PartStatus.Pending) => true,
        (PartStatus.Submitted, PartStatus.Delivered or PartStatus.Failed) => true,
        _ => false,
    };

    /// <summary>Whether integrators hear of this state by webhook (every state is published live).</summary>
    public static bool IsNotified(MessageStatus status) =>
        status is MessageStatus.Sent or MessageStatus.Delivered or MessageStatus.Failed or MessageStatus.Expired or MessageStatus.Cancelled;
}

/// <summary>A state change the lifecycle does not allow: a bug in the caller, never a user error.</summary>
public sealed class IllegalTransitionException(string message) : InvalidOperationException(message);
