using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Domain.Tests;

/// <summary>The contact's transitions and consent rule, as pure functions and on the aggregate, with no host.</summary>
public sealed class ContactRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ContactStatus.OptedOut, ContactStatus.Active, ContactChangeBy.Person, true)]
    [InlineData(ContactStatus.OptedOut, ContactStatus.Active, ContactChangeBy.Operator, false)]
    [InlineData(ContactStatus.OptedOut, ContactStatus.Sleeping, ContactChangeBy.Marketing, false)]
    [InlineData(ContactStatus.Active, ContactStatus.OptedOut, ContactChangeBy.Person, true)]
    [InlineData(ContactStatus.Active, ContactStatus.OptedOut, ContactChangeBy.Operator, true)]
    [InlineData(ContactStatus.Active, ContactStatus.OptedOut, ContactChangeBy.Marketing, false)]
    [InlineData(ContactStatus.Active, ContactStatus.Sleeping, ContactChangeBy.Marketing, true)]
    [InlineData(ContactStatus.Sleeping, ContactStatus.Unsubscribed, ContactChangeBy.Marketing, true)]
    [InlineData(ContactStatus.Unsubscribed, ContactStatus.Active, ContactChangeBy.Marketing, false)]
    [InlineData(ContactStatus.Unsubscribed, ContactStatus.Active, ContactChangeBy.Operator, true)]
    [InlineData(ContactStatus.Active, ContactStatus.Sleeping, ContactChangeBy.Person, false)]
    public void Transitions_FollowWhoAsks(ContactStatus from, ContactStatus to, ContactChangeBy by, bool allowed) =>
        Assert.Equal(allowed, ContactTransitions.Refusal("+393470000001", from, to, by) is null);

    [Fact]
    public void AnOptOutRecord_OutlivesTheContactsStatus()
    {
        Assert.NotNull(ContactTransitions.Refusal("+393470000001", ContactStatus.Active, ContactStatus.Active, ContactChangeBy.Operator, phoneOptedOut: true));
        Assert.Null(ContactTransitions.Refusal("+393470000001", ContactStatus.Active, ContactStatus.OptedOut, ContactChangeBy.Operator, phoneOptedOut: true));
    }

    [Fact]
    public void ChangeStatus_RecordsOneEventPerMove_AndNoneForARefusalOrStayingPut()
    {
        var contact = Contact.Create("+393470000001", Now);
        Assert.Null(contact.ChangeStatus(ContactStatus.Active, ContactChangeBy.Operator, "api", Now));
        Assert.Null(contact.ChangeStatus(ContactStatus.OptedOut, ContactChangeBy.Person, "sms", Now.AddHours(1)));
        Assert.NotNull(contact.ChangeStatus(ContactStatus.Active, ContactChangeBy.Operator, "api", Now.AddHours(2)));
        Assert.Equal((ContactStatus.OptedOut, Now.AddHours(1)), (contact.Status, contact.UpdatedAt));
        var moved = Assert.IsType<ContactStatusChanged>(Assert.Single(((IHasDomainEvents)contact).TakeEvents()));
        Assert.Equal((ContactStatus.Active, ContactStatus.OptedOut, ContactChangeBy.Person, "sms"), (moved.From, moved.To, moved.By, moved.Reason));
        Assert.Empty(((IHasDomainEvents)contact).TakeEvents());
    }

    [Fact]
    public void Consent_OwnStatementReplaces_BatchStatementFillsOnlyAGap()
    {
        var recorded = new RecordedConsent("in-store tablet", Now.AddDays(-30), "Yes to offers");
        Assert.Equal(recorded, ConsentRule.Merge(recorded, new ConsentInput("newsletter list", null, null), ownStatement: false, Now));
        Assert.Equal(new RecordedConsent("paper form", Now, null), ConsentRule.Merge(recorded, new ConsentInput("paper form", null, null), ownStatement: true, Now));
        Assert.Equal(new RecordedConsent("newsletter list", Now, null), ConsentRule.Merge(default, new ConsentInput("newsletter list", null, null), ownStatement: false, Now));
        Assert.Equal(recorded, ConsentRule.Merge(recorded, null, ownStatement: true, Now));
    }
}
