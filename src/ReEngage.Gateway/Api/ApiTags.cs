using Microsoft.OpenApi;

namespace ReEngage.Gateway.Api;

/// <summary>
/// The document's tags, each with a description: reference viewers (Scalar, Redoc) group operations under
/// them and show the description as the section's introduction. The generator lists the endpoint classes'
/// names instead, which no operation uses.
/// </summary>
internal static class ApiTags
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["Messages"] = "Send SMS (one, or up to 10,000 at once), read each message's status and parts, cancel one still waiting, count the parts a text needs.",
        ["Inbound"] = "SMS received by the modems.",
        ["Contacts"] = "The people a shop writes to: upsert by the shop's own id, status (active, sleeping, unsubscribed, opted_out), consent, timeline, CSV import and export, erasure.",
        ["Events"] = "What contacts did (a purchase, a visit): segments and automations are built on them.",
        ["Segments"] = "Saved rules that select contacts (tag, status, events); count, list and export their members.",
        ["Campaigns"] = "One-off or scheduled sends to a segment, with coupons, contests, draws and a report.",
        ["Automations"] = "Multi-step re-engagement runs that contacts enter by a segment and leave by responding.",
        ["Marketing tools"] = "Template checks, landing-page previews, coupons and coupon pools, the marketing timer.",
        ["Statistics"] = "Today's figures and hourly counts.",
        ["API keys"] = "Keys for integrators (the key itself only in the answer that creates it).",
        ["SMPP accounts"] = "The SMS platforms (Kannel, Jasmin, a CRM) that may bind to the SMPP server; passwords stored hashed.",
        ["Users"] = "Dashboard users and their roles.",
        ["Settings"] = "Quiet hours and the keywords in force.",
        ["Backup"] = "A consistent copy of the database.",
        ["Modems"] = "The modems (SIMs): state, signal, pause and resume, USSD, the AT console, the event log.",
        ["Nodes"] = "The gateway processes (nodes) sharing one database, and their modems.",
        ["Webhooks"] = "Register the URLs that receive events, rotate their secrets, read and redeliver their deliveries. The events themselves are under 'Webhook events'.",
        [WebhookDocument.Tag] = "What the gateway POSTs to a registered webhook, one entry per event: the body is {event, at, data}, signed by Standard Webhooks.",
        ["Simulation"] = "Simulation mode only: inbound SMS, signal and the gateway's clock, for trying an integration without hardware.",
        ["Health"] = "Whether the database and the modems work; no key needed.",
    };

    /// <summary>The tags the operations and webhooks use, in the order above; a tag without a description here is an error.</summary>
    public static void Describe(OpenApiDocument document)
    {
        var operations = (document.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>()).Concat(document.Webhooks?.Values ?? Enumerable.Empty<IOpenApiPathItem>())
            .SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>());
        var used = operations.SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unknown = used.Where(t => !Descriptions.ContainsKey(t)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException("Tags without a description in ApiTags: " + string.Join(", ", unknown));
        }

        document.Tags = new HashSet<OpenApiTag>(Descriptions.Where(d => used.Contains(d.Key)).Select(d => new OpenApiTag { Name = d.Key, Description = d.Value }));
    }
}
