using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReEngage.Gateway.Dashboard;

namespace ReEngage.Gateway.Pages;

internal sealed class SetupModel(DashboardUsers users, SetupCode setupCode, TimeProvider time) : PageModel
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
        if (setupCode.PausedUntil(time.GetUtcNow()) is { } until)
        {
            Errors = new() { ["code"] = $"Too many wrong codes: setup is paused until {until.ToLocalTime():HH:mm}." };
            return Page();
        }

        var (user, errors) = await users.SetupAsync(Code, UserName, Password, HttpContext.RequestAborted);
        if (user is null)
        {
            if (errors.ContainsKey("code"))
            {
                setupCode.Failed(time.GetUtcNow());
            }

            Errors = errors;
            return Page();
        }

        setupCode.Current = null;
        await HttpContext.SignInAsync(DashboardAuth.Scheme, DashboardUsers.Principal(user));
        return Redirect("/welcome");
    }
}
