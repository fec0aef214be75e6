using System.Globalization;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Tests;

/// <summary>The template renderer and check as pure functions: no host.</summary>
public sealed class TemplateRenderingTests
{
    private static string Render(string template, Contact contact, CultureInfo? culture = null) =>
        MessageTemplate.Parse(template).Template!.Render(new TemplateValues(contact, "L", "C", new DateTimeOffset(2027, 1, 25, 10, 0, 0, TimeSpan.Zero), culture));

    [Theory]
    [InlineData("Hi {{first_name|}} , your code", "Hi, your code")]
    [InlineData("Hi {{first_name|}}, your code", "Hi, your code")]
    [InlineData("Hi {{first_name|}} and welcome", "Hi and welcome")]
    [InlineData("{{first_name|}} welcome back", "welcome back")]
    [InlineData("Hi {{first_name|there}}, code", "Hi there, code")]
    public void EmptyField_LeavesNoDoubleSpace(string template, string expected)
    {
        Assert.Equal(expected, Render(template, new Contact { Phone = "+39347" }).Replace(" ,", ",", StringComparison.Ordinal));
        Assert.DoesNotContain("  ", Render(template, new Contact { Phone = "+39347" }));
    }

    [Fact]
    public void Dates_AreWrittenInTheContactsLanguage()
    {
        var contact = new Contact { Phone = "+39347", Birthday = new DateOnly(1990, 1, 25) };
        Assert.Equal("25 gennaio, 25 gen", Render("{{birthday}}, {{coupon_expiry}}", contact, MarketingCulture.For("it", "en")));
        Assert.Equal("25 January, 25 Jan", Render("{{birthday}}, {{coupon_expiry}}", contact, MarketingCulture.For(null, "en")));
        Assert.Equal("25 Januar, 25 Jan", Render("{{birthday}}, {{coupon_expiry}}", contact, MarketingCulture.For("xx-unknown", "de")));
    }

    [Fact]
    public void CouponExpiryAlone_NamesItselfInTheMissingCouponMessage()
    {
        var check = TemplateCheck.Of(new StepDefinition { Template = "Valid until {{coupon_expiry}}" }, new GatewayOptions());
        Assert.Equal(["{{coupon_expiry}} needs a coupon definition (a pattern or a pool) for the step."], check.Errors);
    }

    [Fact]
    public void Transliteration_KeepsGsmLetters_AndReplacesTheOthers()
    {
        Assert.Equal("Ioana-Stefania", GsmTransliteration.Apply("Ioana-Ștefania"));
        Assert.Equal("José Muñoz Lodz", GsmTransliteration.Apply("José Muñoz Łódź"));
        Assert.Equal("Renée", GsmTransliteration.Apply("Renée"));
    }
}
