using ReEngage.Gateway.Core.Messaging.Policies;

namespace ReEngage.Gateway.Domain.Tests;

public sealed class RoutingPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Sticky = TimeSpan.FromSeconds(60);

    [Fact]
    public void TheContactsOwnModem_GetsAHeadStart_WhileItCanSend()
    {
        var message = new RoutingFacts(null, null, "sim-2", null, Now.AddSeconds(-10));
        Assert.False(RoutingPolicy.MayTake(message, "sim-1", Now, Sticky, ["sim-1", "sim-2"]));
        Assert.True(RoutingPolicy.MayTake(message, "sim-2", Now, Sticky, ["sim-1", "sim-2"]));
        Assert.True(RoutingPolicy.MayTake(message, "sim-1", Now, Sticky, ["sim-1"]));
        Assert.True(RoutingPolicy.MayTake(message, "sim-1", Now.AddSeconds(60), Sticky, ["sim-1", "sim-2"]));
    }

    [Fact]
    public void AMessageWithPartsOut_StaysOnItsModem_AndARequestedModemIsTheOnlyOne()
    {
        Assert.False(RoutingPolicy.MayTake(new(null, "sim-2", null, null, Now), "sim-1", Now, Sticky, ["sim-1", "sim-2"]));
        Assert.True(RoutingPolicy.MayTake(new(null, "sim-2", null, null, Now), "SIM-2", Now, Sticky, ["sim-1"]));
        Assert.False(RoutingPolicy.MayTake(new("sim-2", null, null, null, Now), "sim-1", Now, Sticky, ["sim-1"]));
    }

    [Fact]
    public void AModemThatFailedIt_LetsOthersTryFirst_ButTakesItWhenAlone()
    {
        var message = new RoutingFacts(null, null, null, "sim-1", Now);
        Assert.False(RoutingPolicy.MayTake(message, "sim-1", Now, Sticky, ["sim-1", "sim-2"]));
        Assert.True(RoutingPolicy.MayTake(message, "sim-1", Now, Sticky, ["sim-1"]));
        Assert.True(RoutingPolicy.MayTake(message, "sim-2", Now, Sticky, ["sim-1", "sim-2"]));
    }

    [Fact]
    public void AModemAskedForByName_TakesItBack_EvenAfterFailingIt()
    {
        var message = new RoutingFacts("sim-1", null, "sim-2", "sim-1", Now);
        Assert.True(RoutingPolicy.MayTake(message, "sim-1", Now, Sticky, ["sim-1", "sim-2"]));
        Assert.False(RoutingPolicy.MayTake(message, "sim-2", Now, Sticky, ["sim-1", "sim-2"]));
    }
}

public sealed class SuspensionPolicyTests
{
    [Fact]
    public void ASuspendedModem_IsCheckedAfterOneFiveAndFifteenMinutes_ThenEveryFifteen() =>
        Assert.Equal(
            [1, 5, 15, 15, 15],
            Enumerable.Range(0, 5).Select(n => SuspensionPolicy.NextProbeAfter(n).TotalMinutes));
}
