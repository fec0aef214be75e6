using System.Globalization;
using System.Text;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>The values one contact's message is rendered with.</summary>
/// <remarks>Culture: Dates are written in the contact's language (or the business's). Transliterate: Letters the GSM alphabet lacks in names and attributes become their base letter (Ș → S), so one name cannot turn the SMS into UCS-2. MaxNameLength: Longer names use the field's fallback instead, so one long name cannot add a part.</remarks>
public sealed record TemplateValues(Contact Contact, string? Link, string? Coupon, DateTimeOffset? CouponExpiry, CultureInfo? Culture = null, bool Transliterate = false, int? MaxNameLength = null);

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

    /// <summary>The coupon fields the template uses, as written: for messages that name what needs a coupon.</summary>
    public IReadOnlyList<string> CouponFields => [.. pieces.Where(p => p.Field is "coupon" or "coupon_expiry").Select(p => p.Field!).Distinct()];

    /// <summary>Whether the template writes a name (the values whose length varies most between contacts).</summary>
    public bool UsesNames => pieces.Exists(p => p.Field is "first_name" or "last_name" or "name");

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
        var dropSpace = false;
        foreach (var piece in pieces)
        {
            if (piece.Literal is { } literal)
            {
                // An empty field between two spaces ("Hi {{first_name|}} , ...") must not leave two.
                if (dropSpace && literal.Length > 0 && (char.IsWhiteSpace(literal[0]) || ",.;:!?".Contains(literal[0], StringComparison.Ordinal)) && (text.Length == 0 || char.IsWhiteSpace(text[^1])))
                {
                    literal = text.Length == 0 ? literal.TrimStart() : literal;
                    if (text.Length > 0)
                    {
                        text.Length--;
                    }
                }

                text.Append(literal);
                dropSpace = false;
                continue;
            }

            var value = Value(piece.Field!, values);
            var rendered = string.IsNullOrWhiteSpace(value) ? piece.Fallback ?? string.Empty : value;
            text.Append(rendered);
            dropSpace = rendered.Length == 0;
        }

        return text.ToString();
    }

    private static bool IsKnown(string field) =>
        field is "first_name" or "last_name" or "name" or "phone" or "birthday" or "coupon" or "coupon_expiry" or "link"
        || (field.StartsWith("attr.", StringComparison.Ordinal) && field.Length > 5);

    private static string? Value(string field, TemplateValues values)
    {
        var c = values.Contact;
        var culture = values.Culture ?? CultureInfo.InvariantCulture;
        var value = field switch
        {
            "first_name" => Name(c.FirstName, values),
            "last_name" => Name(c.LastName, values),
            "name" => string.Join(' ', new[] { Name(c.FirstName, values), Name(c.LastName, values) }.Where(n => !string.IsNullOrWhiteSpace(n))),
            "phone" => c.Phone,
            "birthday" => c.Birthday?.ToString("d MMMM", culture),
            "coupon" => values.Coupon,
            "coupon_expiry" => values.CouponExpiry?.ToString("d MMM", culture).TrimEnd('.'),
            "link" => values.Link,
            _ when field.StartsWith("attr.", StringComparison.Ordinal) => c.Attributes.Find(a => a.Name == field[5..])?.Value,
            _ => null,
        };
        return values.Transliterate && value is not null ? GsmTransliteration.Apply(value) : value;
    }

    private static string? Name(string? name, TemplateValues values) =>
        values.MaxNameLength is { } max && name is not null && name.Length > max ? null : name;

    private sealed record Piece(string? Literal, string? Field, string? Fallback);
}
