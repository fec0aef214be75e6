using System.Globalization;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Phones;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A contact as the API and CSV import give it. Omitted fields are left as they are; given tags or attributes replace the old set.</summary>
public sealed class ContactInput
{
    public string? Phone { get; set; }

    public string? ExternalId { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? Birthday { get; set; }

    public string? Language { get; set; }

    public string? TimeZone { get; set; }

    public List<string>? Tags { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }

    public string? Status { get; set; }

    public ConsentInput? Consent { get; set; }
}

/// <summary>A contact input that passed validation, with its values parsed.</summary>
public sealed record ValidContact(
    ContactInput Input,
    string? Phone,
    DateOnly? Birthday,
    ContactStatus? Status,
    IReadOnlyList<string>? Tags,
    IReadOnlyDictionary<string, string>? Attributes);

/// <summary>Field-by-field validation shared by the API and the CSV import.</summary>
public static partial class ContactValidation
{
    public static (ValidContact? Contact, FieldErrors Errors) Validate(ContactInput input, PhoneNumberNormalizer phones, bool phoneRequired)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(phones);
        var errors = new FieldErrors();
        string? phone = null;
        if (input.Phone is { Length: > 0 } || phoneRequired)
        {
            if (phones.TryNormalize(input.Phone, out var e164, out var error))
            {
                phone = e164;
            }
            else
            {
                errors.Add("phone", error);
            }
        }

        DateOnly? birthday = null;
        if (input.Birthday is { Length: > 0 } b)
        {
            if (DateOnly.TryParseExact(b, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                birthday = parsed;
            }
            else
            {
                errors.Add("birthday", $"'{b}' is not a date: use yyyy-MM-dd.");
            }
        }

        if (input.TimeZone is { Length: > 0 } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add("timeZone", $"'{zone}' is not a time zone: use an IANA name such as Europe/Rome.");
        }

        if (input.Language is { Length: > 0 } language && !IsLanguageTag(language))
        {
            errors.Add("language", $"'{language}' is not a language tag such as 'it' or 'en-GB'.");
        }

        CheckLength(errors, "externalId", input.ExternalId, 100);
        CheckLength(errors, "firstName", input.FirstName, 100);
        CheckLength(errors, "lastName", input.LastName, 100);
        List<string>? tags = null;
        if (input.Tags is { } rawTags)
        {
            tags = [.. rawTags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(SegmentCompiler.NormalizeTag).Distinct(StringComparer.Ordinal)];
            if (tags.FirstOrDefault(t => t.Length > 64) is { } longTag)
            {
                errors.Add("tags", $"The tag '{longTag[..20]}…' is longer than 64 characters.");
            }
        }

        Dictionary<string, string>? attributes = null;
        if (input.Attributes is { } rawAttributes)
        {
            attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in rawAttributes)
            {
                var key = SegmentCompiler.NormalizeAttribute(name ?? string.Empty);
                if (key.Length is 0 or > 64)
                {
                    errors.Add("attributes", "Attribute names must be 1–64 characters.");
                }
                else if (value is { Length: > 500 })
                {
                    errors.Add($"attributes.{key}", "Attribute values must be at most 500 characters.");
                }
                else if (value is not null)
                {
                    attributes[key] = value;
                }
            }
        }

        ContactStatus? status = null;
        if (input.Status is { Length: > 0 } s)
        {
            if (SegmentRule.TryParseStatus(s, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors.Add("status", $"'{s}' is not a status: use active, sleeping, unsubscribed or opted_out.");
            }
        }

        if (input.Consent is { } consent)
        {
            if (string.IsNullOrWhiteSpace(consent.Source))
            {
                errors.Add("consent.source", "The consent needs its source (where and how the contact agreed).");
            }

            CheckLength(errors, "consent.source", consent.Source, 200);
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ValidContact(input, phone, birthday, status, tags, attributes), errors);
    }

    private static void CheckLength(FieldErrors errors, string field, string? value, int max)
    {
        if (value is { } v && v.Length > max)
        {
            errors.Add(field, $"{field} is longer than {max} characters.");
        }
    }

    // BCP 47 shape (language, optional script/region/variants); a culture lookup would depend on ICU being present.
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
    private static partial System.Text.RegularExpressions.Regex LanguageTag();

    private static bool IsLanguageTag(string value) => value.Length <= 35 && LanguageTag().IsMatch(value);
}
