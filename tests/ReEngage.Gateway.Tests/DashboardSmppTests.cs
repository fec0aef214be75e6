using System.Net;
using Microsoft.Playwright;

namespace ReEngage.Gateway.Tests;

/// <summary>Settings → SMPP accounts in a browser: an account created with its inbound routes is listed, then deleted.</summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardSmppTests(DashboardFixture fixture)
{
    [Fact]
    public async Task An_smpp_account_is_created_with_its_inbound_routes_listed_and_deleted_from_settings()
    {
        var page = await fixture.AdminPageAsync();
        await page.GotoAsync("/settings");
        var form = page.Locator("#new-smpp-account");
        await form.Locator("input[name=systemId]").FillAsync("browser1");
        await form.Locator("input[name=password]").FillAsync("pw-12345");
        await form.Locator("input[name=inboundRoutes]").FillAsync("sim-1=+393330000001 #PIZZA=4321");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        var row = page.Locator("#smpp-accounts tbody tr", new() { HasText = "browser1" });
        await Assertions.Expect(row).ToContainTextAsync("sim-1=+393330000001 #PIZZA=4321");

        // A route that is not one is refused with its reason beside the field.
        await form.Locator("input[name=systemId]").FillAsync("browser2");
        await form.Locator("input[name=password]").FillAsync("pw");
        await form.Locator("input[name=inboundRoutes]").FillAsync("sim-1=");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(form.Locator(".field-error[data-for=inboundRoutes]")).ToContainTextAsync("destination_addr");

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "delete", Exact = true }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        using var api = fixture.Api();
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync(new Uri("/api/v1/smpp/accounts/browser1", UriKind.Relative))).StatusCode);
    }
}
