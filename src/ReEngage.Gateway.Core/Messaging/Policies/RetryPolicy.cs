using ReEngage.Gateway.Modem;

namespace ReEngage.Gateway.Core.Messaging.Policies;

/// <summary>What to do with a message whose part a modem did not send.</summary>
public enum SendFailureAction
{
    /// <summary>Back to the queue at once; not counted as an attempt (the modem went away before the PDU went out).</summary>
    Requeue,

    /// <summary>Back to the queue after <see cref="SendFailureDecision.Delay"/>.</summary>
    Retry,

    /// <summary>The modem cannot send at all: suspend it and give the message to another.</summary>
    SuspendModem,

    /// <summary>Failed for good.</summary>
    Fail,
}

/// <summary>The decision, with the error to record.</summary>
public sealed record SendFailureDecision(SendFailureAction Action, TimeSpan Delay, bool AvoidThisModem, bool NeedsAttention, string? Code, string? Text);

/// <summary>
/// Retries as a pure function of the error and the attempt number (plus jitter): permanent errors fail the
/// message, network errors back off and prefer another modem, a busy modem retries soon on itself, a modem
/// that cannot send at all is suspended, and a part whose fate is unknown is never sent again.
/// </summary>
public static class RetryPolicy
{
    /// <param name="outcomeUnknown">The modem took the PDU and did not confirm it (it may have gone out).</param>
    /// <param name="error">The modem's classified error; null when it disconnected before the PDU went out.</param>
    /// <param name="attempts">Attempts so far, this one included.</param>
    /// <param name="options">Attempts and delays.</param>
    /// <param name="random">A sample in [0, 1) for the jitter.</param>
    public static SendFailureDecision Decide(bool outcomeUnknown, ModemError? error, int attempts, DispatcherOptions options, double random)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (outcomeUnknown)
        {
            return new(SendFailureAction.Fail, TimeSpan.Zero, false, true, "UNKNOWN_OUTCOME", "The modem did not confirm a part after it was written: it may have been sent, so it was not sent again.");
        }

        if (error is null)
        {
            return new(SendFailureAction.Requeue, TimeSpan.Zero, false, false, null, null);
        }

        switch (error.Class)
        {
            case ModemErrorClass.PermanentForRecipient or ModemErrorClass.EncoderBug:
                return new(SendFailureAction.Fail, TimeSpan.Zero, false, false, error.Label, error.Meaning);
            case ModemErrorClass.ModemUnusable:
                return new(SendFailureAction.SuspendModem, TimeSpan.Zero, true, false, null, null);
        }

        if (attempts >= options.MaxAttempts)
        {
            return new(SendFailureAction.Fail, TimeSpan.Zero, false, false, error.Label, $"{error.Meaning} (after {attempts} attempts)");
        }

        var delays = options.RetryDelays;
        var delay = error.Class == ModemErrorClass.RetrySameModem ? options.BusyRetryDelay : delays[Math.Clamp(attempts - 1, 0, delays.Count - 1)];
        delay += TimeSpan.FromTicks((long)(delay.Ticks / 10 * Math.Clamp(random, 0, 1)));
        return new(SendFailureAction.Retry, delay, error.Class == ModemErrorClass.RetryOtherModem, false, error.Label, error.Meaning);
    }
}
