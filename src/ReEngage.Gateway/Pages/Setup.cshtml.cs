using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ReEngage.Gateway.Dashboard;
using ReEngage.Gateway.Localization;

namespace ReEngage.Gateway.Pages;

internal sealed class SetupModel(DashboardUsers users, SetupCode setupCode, TimeProvider time, IStringLocalizer<DashboardText> text) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    private string? pausedUntil;

    /// <summary>By field, the English texts (DashboardText.resx keys) of what is wrong.</summary>
    public Dictionary<string, string> Errors { get; private set; } = [];

    /// <summary>What is wrong with <paramref name="field"/>, in the page's language.</summary>
    public string? Error(string field) => Errors.TryGetValue(field, out var error) ? text[error, pausedUntil ?? string.Empty].Value : null;

    public async Task<IActionResult> OnGetAsync() =>
        await users.AnyAsync(HttpContext.RequestAborted) ? Redirect("/login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (setupCode.PausedUntil(time.GetUtcNow()) is { } until)
        {
            Errors = new() { ["code"] = "Too many wrong codes: setup is paused until {0}." };
            pausedUntil = until.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture);
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
        return Redirect("/setup/business");
    }
}
