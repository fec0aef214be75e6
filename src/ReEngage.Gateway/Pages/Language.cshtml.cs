using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReEngage.Gateway.Localization;

namespace ReEngage.Gateway.Pages;

/// <summary>The language picker's target: keeps the choice in a cookie (it wins over Accept-Language) and goes back.</summary>
internal sealed class LanguageModel(TimeProvider time) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (DashboardCultures.IsSupported(culture))
        {
            Response.Cookies.Append(DashboardCultures.CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!.ToLowerInvariant())), new CookieOptions
            {
                Expires = time.GetUtcNow().AddYears(1),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Path = "/",
            });
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
