using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ReEngage.Gateway.Dashboard;
using ReEngage.Gateway.Localization;

namespace ReEngage.Gateway.Pages;

internal sealed class LoginModel(DashboardUsers users, IStringLocalizer<DashboardText> text) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await users.AnyAsync(HttpContext.RequestAborted) ? Page() : Redirect("/setup");

    public async Task<IActionResult> OnPostAsync()
    {
        var (user, error) = await users.SignInAsync(UserName, Password, HttpContext.RequestAborted);
        if (user is null)
        {
            Error = text[error!.Template, error.Arguments].Value;
            return Page();
        }

        await HttpContext.SignInAsync(DashboardAuth.Scheme, DashboardUsers.Principal(user));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
