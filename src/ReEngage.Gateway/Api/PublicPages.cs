using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Localization;

namespace ReEngage.Gateway.Api;

/// <summary>The pages contacts see: short links /s/{code} and landing pages /l/{code}. No login, no cookies, no scripts.</summary>
internal static class PublicPages
{
    public static WebApplication MapPublicPages(this WebApplication app)
    {
        app.MapGet("/s/{code}", async (string code, LinkService links, CancellationToken ct) =>
            await links.ClickAsync(code, ct) is { } target ? Results.Redirect(target) : Missing())
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/l/{code}", async (string code, LinkService links, CancellationToken ct) =>
            await links.OpenAsync(code, ct) is { } page ? Results.Content(Render(page), "text/html; charset=utf-8") : Missing())
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    // No contact is known for a missing link: the page speaks the phone's language (Accept-Language), else English.
    private static IResult Missing()
    {
        var culture = CultureInfo.CurrentUICulture;
        string Text(string key) => HtmlEncoder.Default.Encode(LandingText.Get(key, culture));
        return Results.Content(
            Page(LandingText.Get("LinkNotFound", culture), $"<h1>{Text("LinkMissing")}</h1><p>{Text("LinkMistyped")}</p>", LandingText.LanguageOf(culture)), "text/html; charset=utf-8", Encoding.UTF8, 404);
    }

    internal static string Render(LandingView view)
    {
        var h = HtmlEncoder.Default;
        var page = view.Page;
        var body = new StringBuilder();
        if (page.ImageUrl is { Length: > 0 } image)
        {
            body.Append(CultureInfo.InvariantCulture, $"<img src=\"{h.Encode(image)}\" alt=\"\">");
        }

        var greeting = view.FirstName is { Length: > 0 } name ? $"{h.Encode(name)}, " : string.Empty;
        body.Append(CultureInfo.InvariantCulture, $"<h1>{greeting}{h.Encode(page.Headline)}</h1>");
        if (page.Text is { Length: > 0 } text)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>{h.Encode(text).Replace("&#xA;", "<br>", StringComparison.Ordinal)}</p>");
        }

        var culture = view.Culture;
        if (view.Coupon is { } coupon)
        {
            var until = view.CouponExpiry is { } expiry ? $"<small>{h.Encode(string.Format(culture, LandingText.Get("ValidUntil", culture), expiry.ToString("d MMMM yyyy", culture)))}</small>" : string.Empty;
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"coupon\"><span>{h.Encode(LandingText.Get("YourCode", culture))}</span><strong id=\"coupon\">{h.Encode(coupon)}</strong>{until}</div>");
        }

        if (page.ButtonUrl is { Length: > 0 } url)
        {
            body.Append(CultureInfo.InvariantCulture, $"<a class=\"button\" href=\"{h.Encode(url)}\">{h.Encode(page.ButtonText ?? LandingText.Get("Continue", culture))}</a>");
        }

        return Page(page.Headline, body.ToString(), culture.TwoLetterISOLanguageName);
    }

    private static string Page(string title, string body, string language = "en") => $$"""
        <!doctype html>
        <html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <meta name="robots" content="noindex"><title>{{HtmlEncoder.Default.Encode(title)}}</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;max-width:32rem;margin:auto;color:#1d2330;line-height:1.5}
        img{max-width:100%;border-radius:.75rem}h1{font-size:1.5rem;margin:.75rem 0}
        .coupon{border:2px dashed #2f6fde;border-radius:.75rem;padding:1rem;text-align:center;margin:1.25rem 0}
        .coupon span,.coupon small{display:block;color:#5b6475}.coupon strong{display:block;font-size:1.75rem;letter-spacing:.1em;margin:.25rem 0}
        .button{display:block;text-align:center;background:#2f6fde;color:#fff;padding:.9rem;border-radius:.75rem;text-decoration:none;font-weight:600}
        </style></head><body>{{body}}</body></html>
        """;
}
