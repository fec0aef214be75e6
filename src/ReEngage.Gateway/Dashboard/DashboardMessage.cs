namespace ReEngage.Gateway.Dashboard;

/// <summary>
/// A sentence for a dashboard user, kept as its English template (the DashboardText.resx key) and its
/// arguments, so the page can show it in the user's language.
/// </summary>
internal sealed record DashboardMessage(string Template, params object[] Arguments);
