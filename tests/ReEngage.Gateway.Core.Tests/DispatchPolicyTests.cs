using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Messaging.Policies;
using ReEngage.Gateway.Modem;

namespace ReEngage.Gateway.Core.Tests;

public sealed class RetryPolicyTests
{
    private static readonly DispatcherOptions Options = new();

    private static ModemError Cms(int code) => ModemErrors.Describe(ModemErrorKind.Cms, code);

    [Fact]
    public void APartWhoseFateIsUnknown_IsNeverRetried()
    {
        var decision = RetryPolicy.Decide(outcomeUnknown: true, Cms(38), 1, Options, 0.5);
        Assert.Equal((SendFailureAction.Fail, true), (decision.Action, decision.NeedsAttention));
    }

    [Fact]
    public void NetworkErrors_BackOffByAttempt_WithAtMostATenthOfJitter_AndPreferAnotherModem()
    {
        var error = Cms(38);
        Assert.Equal(ModemErrorClass.RetryOtherModem, error.Class);
        var first = RetryPolicy.Decide(false, error, 1, Options, 0);
        var third = RetryPolicy.Decide(false, error, 3, Options, 0.999);
        Assert.Equal((SendFailureAction.Retry, TimeSpan.FromSeconds(10), true), (first.Action, first.Delay, first.AvoidThisModem));
        Assert.InRange(third.Delay, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2.2));
        Assert.Equal(SendFailureAction.Fail, RetryPolicy.Decide(false, error, Options.MaxAttempts, Options, 0).Action);
    }

    [Fact]
    public void PermanentErrors_Fail_AndAModemThatCannotSend_IsSuspended_AndADisconnect_IsNotAnAttempt()
    {
        Assert.Equal(SendFailureAction.Fail, RetryPolicy.Decide(false, Cms(1), 1, Options, 0).Action);
        Assert.Equal(SendFailureAction.SuspendModem, RetryPolicy.Decide(false, Cms(330), 1, Options, 0).Action);
        Assert.Equal(SendFailureAction.Requeue, RetryPolicy.Decide(false, null, 1, Options, 0).Action);
    }
}

public sealed class PacingPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 30, TimeSpan.Zero);

    [Fact]
    public void AFullMinute_WaitsUntilItsOldestPartAgesOut()
    {
        var limits = new ModemOptions { Name = "sim-1", Device = "x", PerMinute = 10 };
        Assert.Equal(TimeSpan.FromSeconds(20), PacingPolicy.Wait(limits, new PacingWindow(Now.AddSeconds(-40), 0, 0), Now));
        Assert.Equal(TimeSpan.Zero, PacingPolicy.Wait(limits, new PacingWindow(null, 0, 0), Now));
    }

    [Fact]
    public void HourlyAndDailyCaps_Wait()
    {
        var limits = new ModemOptions { Name = "sim-1", Device = "x", PerHour = 100, DailyLimit = 500 };
        Assert.Equal(TimeSpan.FromMinutes(1), PacingPolicy.Wait(limits, new PacingWindow(null, 100, 100), Now));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero) - Now, PacingPolicy.Wait(limits, new PacingWindow(null, 10, 500), Now));
    }

    [Fact]
    public void Jitter_NeverExceedsATenthOfThePacingInterval()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), PacingPolicy.Jitter(60, TimeSpan.FromSeconds(1), 1.0));
        Assert.Equal(TimeSpan.FromMilliseconds(250), PacingPolicy.Jitter(6, TimeSpan.FromMilliseconds(250), 1.0));
        Assert.Equal(TimeSpan.Zero, PacingPolicy.Jitter(60, TimeSpan.FromSeconds(1), 0));
    }

    [Fact]
    public void Jitter_ComesOnlyFromTheSlack_WhenTheModemIsAsSlowAsThePlanAllows()
    {
        // 300/min is one part per 200 ms: a modem that takes 200 ms leaves no slack, so no pause at all.
        Assert.Equal(TimeSpan.Zero, PacingPolicy.Jitter(300, TimeSpan.FromMilliseconds(250), 1.0, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(TimeSpan.Zero, PacingPolicy.Jitter(300, TimeSpan.FromMilliseconds(250), 1.0, TimeSpan.FromMilliseconds(230)));
        // 5 ms of slack: at most 5 ms of pause.
        Assert.Equal(TimeSpan.FromMilliseconds(5), PacingPolicy.Jitter(300, TimeSpan.FromMilliseconds(250), 1.0, TimeSpan.FromMilliseconds(195)));
        // A fast modem on a slow plan: the usual tenth of the interval.
        Assert.Equal(TimeSpan.FromMilliseconds(100), PacingPolicy.Jitter(60, TimeSpan.FromSeconds(1), 1.0, TimeSpan.FromMilliseconds(150)));
    }
}
