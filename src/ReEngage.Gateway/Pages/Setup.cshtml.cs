using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReEngage.Gateway.Dashboard;

namespace ReEngage.Gateway.Pages;

internal sealed class SetupModel(DashboardUsers users, SetupCode setupCode) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public Dictionary<string, string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() =>
        await users.AnyAsync(HttpContext.RequestAborted) ? Redirect("/login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var (user, errors) = await users.SetupAsync(Code, UserName, Password, HttpContext.RequestAborted);
        if (user is null)
        {
            Errors = errors;
            return Page();
        }

        setupCode.Current = null;
        await HttpContext.SignInAsync(DashboardAuth.Scheme, DashboardUsers.Principal(user));
        return Redirect("/welcome");
    }
}
