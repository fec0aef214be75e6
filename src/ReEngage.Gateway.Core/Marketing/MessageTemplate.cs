using System.Globalization;
using System.Text;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>The values one contact's message is rendered with.</summary>
public sealed record TemplateValues(Contact Contact, string? Link, string? Coupon, DateTimeOffset? CouponExpiry);

/// <summary>
/// A message template with dynamic fields and fallbacks: <c>{{first_name|there}}</c>. Fields: first_name,
/// last_name, name, phone, birthday, coupon, coupon_expiry, link, attr.&lt;name&gt;.
/// </summary>
public sealed class MessageTemplate
{
    public static readonly IReadOnlyList<string> Fields = ["first_name", "last_name", "name", "phone", "birthday", "coupon", "coupon_expiry", "link", "attr.<name>"];

    private readonly List<Piece> pieces;

    private MessageTemplate(List<Piece> pieces) => this.pieces = pieces;

    public bool UsesLink => pieces.Exists(p => p.Field == "link");

    public bool UsesCoupon => pieces.Exists(p => p.Field is "coupon" or "coupon_expiry");

    /// <summary>Parses a template; the errors say what is wrong and where.</summary>
    public static (MessageTemplate? Template, IReadOnlyList<string> Errors) Parse(string? text)
    {
        var errors = new List<string>();
        var pieces = new List<Piece>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, ["The template is empty."]);
        }

        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            var strayClose = text.IndexOf("}}", i, StringComparison.Ordinal);
            if (strayClose >= 0 && (open < 0 || strayClose < open))
            {
                errors.Add($"'}}}}' at position {strayClose + 1} closes nothing.");
                break;
            }

            if (open < 0)
            {
                pieces.Add(new Piece(text[i..], null, null));
                break;
            }

            if (open > i)
            {
                pieces.Add(new Piece(text[i..open], null, null));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                errors.Add($"'{{{{' at position {open + 1} is never closed with '}}}}'.");
                break;
            }

            var inner = text[(open + 2)..close];
            var bar = inner.IndexOf('|', StringComparison.Ordinal);
            var field = (bar < 0 ? inner : inner[..bar]).Trim().ToLowerInvariant();
            var fallback = bar < 0 ? null : inner[(bar + 1)..];
            if (!IsKnown(field))
            {
                errors.Add($"'{{{{{field}}}}}' at position {open + 1} is not a field: use {string.Join(", ", Fields)}.");
            }

            pieces.Add(new Piece(null, field, fallback));
            i = close + 2;
        }

        return errors.Count > 0 ? (null, errors) : (new MessageTemplate(pieces), errors);
    }

    public string Render(TemplateValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (piece.Literal is { } literal)
            {
                text.Append(literal);
                continue;
            }

            var value = Value(piece.Field!, values);
            text.Append(string.IsNullOrWhiteSpace(value) ? piece.Fallback ?? string.Empty : value);
        }

        return text.ToString();
    }

    /// <summary>The text with the longest plausible values (a long name, the link, the coupon), for counting parts before sending.</summary>
    public string Sample(int linkLength, int couponLength)
    {
        var contact = new Contact { Phone = "+390000000000", FirstName = "Alessandra", LastName = "Marchetti", Birthday = new DateOnly(1990, 12, 24) };
        return Render(new TemplateValues(contact, new string('x', linkLength), new string('X', couponLength), new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero)));
    }

    private static bool IsKnown(string field) =>
        field is "first_name" or "last_name" or "name" or "phone" or "birthday" or "coupon" or "coupon_expiry" or "link"
        || (field.StartsWith("attr.", StringComparison.Ordinal) && field.Length > 5);

    private static string? Value(string field, TemplateValues values)
    {
        var c = values.Contact;
        return field switch
        {
            "first_name" => c.FirstName,
            "last_name" => c.LastName,
            "name" => string.Join(' ', new[] { c.FirstName, c.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))),
            "phone" => c.Phone,
            "birthday" => c.Birthday?.ToString("d MMMM", CultureInfo.InvariantCulture),
            "coupon" => values.Coupon,
            "coupon_expiry" => values.CouponExpiry?.ToString("d MMM", CultureInfo.InvariantCulture),
            "link" => values.Link,
            _ when field.StartsWith("attr.", StringComparison.Ordinal) => c.Attributes.Find(a => a.Name == field[5..])?.Value,
            _ => null,
        };
    }

    private sealed record Piece(string? Literal, string? Field, string? Fallback);
}

/// <summary>A step's template checked against what the step provides, with its SMS count and cost.</summary>
public sealed record TemplateCheck(IReadOnlyList<string> Errors, SmsCount? Count, decimal? CostPerMessage)
{
    public static TemplateCheck Of(StepDefinition step, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(options);
        var (template, errors) = MessageTemplate.Parse(step.Template);
        if (template is null)
        {
            return new(errors, null, null);
        }

        var problems = new List<string>();
        if (template.UsesLink && step.LandingPage is null && string.IsNullOrWhiteSpace(step.LinkUrl))
        {
            problems.Add("{{link}} needs a landing page or a link URL for the step.");
        }

        if (template.UsesCoupon && step.Coupon is null)
        {
            problems.Add("{{coupon}} needs a coupon definition (a pattern or a pool) for the step.");
        }

        SmsCount count;
        try
        {
            count = SmsCounter.Count(template.Sample(options.Marketing.LinkLength, CouponCodes.SampleLength(step.Coupon)), maxParts: options.MaxParts);
        }
        catch (SmsEncodingException ex)
        {
            return new([.. problems, ex.Message], null, null);
        }

        if (count.ExceedsMaxParts)
        {
            problems.Add($"The message needs {count.Parts} parts; at most {options.MaxParts} are allowed.");
        }

        return new(problems, count, count.Parts * options.Marketing.CostPerPart);
    }
}
