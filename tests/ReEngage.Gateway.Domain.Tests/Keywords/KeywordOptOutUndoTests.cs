using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Domain.Tests.Keywords;

/// <summary>The operator's one way out of opted_out: undoing the gateway's own misreading of a keyword, once, with a reason.</summary>
public sealed class KeywordOptOutUndoTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static (Contact Contact, KeywordOptOut OptOut) OptedOutBy(string reply, ContactStatus before = ContactStatus.Sleeping, bool alreadyListed = false)
    {
        var contact = Contact.Create("+393470000001", Now);
        contact.Id = 7;
        if (before != ContactStatus.Active)
        {
            contact.ChangeStatus(before, before == ContactStatus.OptedOut ? ContactChangeBy.Person : ContactChangeBy.Marketing, "test", Now);
        }

        var optOut = KeywordOptOut.Of(1, contact.Phone, RealOptOutReplyTests.Shipped.Match(reply)!, contact, alreadyListed, Now);
        contact.ChangeStatus(ContactStatus.OptedOut, ContactChangeBy.Person, "sms", Now);
        ((IHasDomainEvents)contact).TakeEvents();
        return (contact, optOut);
    }

    [Fact]
    public void AnUndo_RestoresThePreviousStatus_AsTheOperator_AndKeepsWhoAndWhy()
    {
        var (contact, optOut) = OptedOutBy("basta");
        Assert.Null(contact.UndoKeywordOptOut(optOut, askedAgain: false, "  asked about parking  ", "anna", Now.AddHours(1)));
        Assert.Equal(ContactStatus.Sleeping, contact.Status);
        var changed = Assert.IsType<ContactStatusChanged>(Assert.Single(((IHasDomainEvents)contact).TakeEvents()));
        Assert.Equal((ContactStatus.OptedOut, ContactStatus.Sleeping, ContactChangeBy.Operator, ContactTransitions.UndoKeywordOptOutReason), (changed.From, changed.To, changed.By, changed.Reason));
        Assert.Equal((Now.AddHours(1), "anna", "asked about parking"), (optOut.UndoneAt!.Value, optOut.UndoneBy, optOut.UndoReason));
    }

    [Fact]
    public void AnUndo_IsRefused_WithoutAReason_Twice_AfterARepeatedRequest_OrWhenNothingChanged()
    {
        var (contact, optOut) = OptedOutBy("stop");
        Assert.Contains("Say why", contact.UndoKeywordOptOut(optOut, false, " ", "anna", Now), StringComparison.Ordinal);
        Assert.Contains("opted out again", contact.UndoKeywordOptOut(optOut, true, "misread", "anna", Now), StringComparison.Ordinal);
        Assert.Null(contact.UndoKeywordOptOut(optOut, false, "misread", "anna", Now));
        Assert.Contains("already undone", contact.UndoKeywordOptOut(optOut, false, "misread", "anna", Now), StringComparison.Ordinal);

        var (listed, before) = OptedOutBy("stop", alreadyListed: true);
        Assert.Contains("had already opted out", listed.UndoKeywordOptOut(before, false, "misread", "anna", Now), StringComparison.Ordinal);
        Assert.Equal(ContactStatus.OptedOut, listed.Status);
    }

    [Fact]
    public void TheOrdinaryRules_StillRefuseTheOperator_AnyOtherWayBackFromOptedOut() =>
        Assert.NotNull(ContactTransitions.Refusal("+393470000001", ContactStatus.OptedOut, ContactStatus.Active, ContactChangeBy.Operator));
}
