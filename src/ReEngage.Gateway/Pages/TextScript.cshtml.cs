using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ReEngage.Gateway.Localization;

namespace ReEngage.Gateway.Pages;

/// <summary>
/// The dashboard scripts' texts in one language (<c>window.RE_TEXT</c>), for <c>RE.t</c>. A page of the dashboard
/// rather than an endpoint: it is no API, and every page of the layout loads it before app.js.
/// </summary>
internal sealed class TextScriptModel(IStringLocalizer<DashboardText> text) : PageModel
{
    public IActionResult OnGet(string culture, string? v)
    {
        if (!DashboardCultures.IsSupported(culture))
        {
            return NotFound();
        }

        // The URL names the language and the build, so its answer never changes: cached for good.
        Response.Headers.CacheControl = DashboardLocalization.IsCurrent(v) ? "public, max-age=31536000, immutable" : "no-cache";
        return Content(DashboardLocalization.Script(text, CultureInfo.GetCultureInfo(culture.ToLowerInvariant())), "text/javascript; charset=utf-8");
    }
}
