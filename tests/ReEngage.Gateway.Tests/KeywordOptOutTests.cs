using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// Opt-outs in the customer's words, end to end through a simulated modem: the reply read in its language, the
/// opt-out recorded with its message and keyword, the operator's undo of a misreading (audited, announced), the
/// words edited in Settings, the replies in the person's language, and the operator recording a request.
/// </summary>
public class KeywordOptOutTests : IDisposable
{
    private readonly GatewayFactory gateway;
    private readonly HttpClient api;
    private readonly LifecycleEvents events;

    public KeywordOptOutTests()
        : this(onPostgres: false)
    {
    }

    protected KeywordOptOutTests(bool onPostgres)
    {
        gateway = MarketingKit.Gateway(onPostgres: onPostgres);
        api = gateway.Api();
        events = new LifecycleEvents(gateway.Services.GetRequiredService<GatewayEventBus>());
    }

    public void Dispose()
    {
        events.DisposeAsync().AsTask().GetAwaiter().GetResult();
        api.Dispose();
        gateway.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task BastaInItalian_OptsOut_ShowsWhy_AndTheOperatorUndoesIt_WithAReason()
    {
        await (await api.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://shop.example.com/hooks", events = new[] { "contact.optout", "contact.status" } })).OkJsonAsync(HttpStatusCode.Created);
        var id = await api.ContactAsync("c1", MarketingKit.Phone(1), "Marta");
        var inbound = await SmsAsync(MarketingKit.Phone(1), "Basta, non scrivetemi più");
        Assert.Equal("opted_out", await StatusAsync(id));

        var optOut = Assert.Single((await (await api.GetAsync($"/api/v1/keyword-opt-outs?contactId={id}")).OkJsonAsync()).EnumerateArray());
        Assert.Equal((inbound, "BASTA", "it", "BASTA (it)", "active"), (optOut.GetProperty("inboundId").GetInt64(), optOut.GetProperty("keyword").GetString(), optOut.GetProperty("language").GetString(), optOut.GetProperty("matched").GetString(), optOut.GetProperty("previousStatus").GetString()));
        var optOutId = optOut.GetProperty("id").GetInt64();

        // Without a reason nothing changes; with one the contact is back, the number off the list, the shop told.
        var noReason = await (await api.PostAsJsonAsync($"/api/v1/keyword-opt-outs/{optOutId}/undo", new { reason = " " })).OkJsonAsync(HttpStatusCode.Conflict);
        Assert.Contains("Say why", noReason.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var undone = await (await api.PostAsJsonAsync($"/api/v1/keyword-opt-outs/{optOutId}/undo", new { reason = "She meant the parking, not the messages" })).OkJsonAsync();
        Assert.Equal("She meant the parking, not the messages", undone.GetProperty("undoReason").GetString());
        Assert.False(string.IsNullOrEmpty(undone.GetProperty("undoneBy").GetString()));
        Assert.Equal("active", await StatusAsync(id));
        var offer = await api.PostAsJsonAsync("/api/v1/messages", new { to = MarketingKit.Phone(1), text = "Offerta", priority = "low" });
        Assert.Equal(HttpStatusCode.Accepted, offer.StatusCode);

        var statuses = (await HooksAsync()).Where(h => h.Event == "contact.status").Select(h => h.Data).ToList();
        Assert.Equal(2, statuses.Count);
        Assert.Equal(("active", "opted_out", "operator", "undo_keyword_optout"), (statuses[1].GetProperty("status").GetString(), statuses[1].GetProperty("previousStatus").GetString(), statuses[1].GetProperty("changedBy").GetString(), statuses[1].GetProperty("reason").GetString()));

        // Once only: the same misreading cannot be undone twice.
        await (await api.PostAsJsonAsync($"/api/v1/keyword-opt-outs/{optOutId}/undo", new { reason = "again" })).OkJsonAsync(HttpStatusCode.Conflict);

        // What the person can ask for (GDPR access) includes how their SMS was read and the undo.
        var held = Assert.Single((await (await api.GetAsync($"/api/v1/contacts/{id}/export")).OkJsonAsync()).GetProperty("keywordOptOuts").EnumerateArray());
        Assert.Equal((inbound, "BASTA", "She meant the parking, not the messages"), (held.GetProperty("inboundId").GetInt64(), held.GetProperty("keyword").GetString(), held.GetProperty("undoReason").GetString()));
    }

    [Fact]
    public async Task AnOrdinaryReply_StartingWithAKeyword_LeavesTheContactActive()
    {
        var id = await api.ContactAsync("c1", MarketingKit.Phone(1), "Marta");
        await SmsAsync(MarketingKit.Phone(1), "basta così grazie, arrivo alle 5");
        await SmsAsync(MarketingKit.Phone(1), "Stoppani Luca, ho un ordine");
        Assert.Equal("active", await StatusAsync(id));
        Assert.Empty((await (await api.GetAsync("/api/v1/keyword-opt-outs")).OkJsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task AnUndo_IsRefused_WhenThePersonAskedAgain()
    {
        var id = await api.ContactAsync("c1", MarketingKit.Phone(1), "Marta");
        await SmsAsync(MarketingKit.Phone(1), "STOP");
        await SmsAsync(MarketingKit.Phone(1), "Baja por favor");
        var list = (await (await api.GetAsync($"/api/v1/keyword-opt-outs?contactId={id}")).OkJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["BAJA (es)", "STOP (en)"], list.Select(o => o.GetProperty("matched").GetString()));
        Assert.True(list[0].GetProperty("alreadyListed").GetBoolean());

        var first = await (await api.PostAsJsonAsync($"/api/v1/keyword-opt-outs/{list[1].GetProperty("id").GetInt64()}/undo", new { reason = "misread" })).OkJsonAsync(HttpStatusCode.Conflict);
        Assert.Contains("opted out again", first.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var second = await (await api.PostAsJsonAsync($"/api/v1/keyword-opt-outs/{list[0].GetProperty("id").GetInt64()}/undo", new { reason = "misread" })).OkJsonAsync(HttpStatusCode.Conflict);
        Assert.Contains("already opted out", second.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("opted_out", await StatusAsync(id));
    }

    [Fact]
    public async Task TheOperatorsWords_ApplyAtOnce_AndStopStays()
    {
        var put = await api.PutAsJsonAsync("/api/v1/settings/keywords", new { languages = new[] { new { language = "it", optOut = new[] { "STOP", "SPARITE" }, optIn = new[] { "START" }, help = new[] { "AIUTO" } } } });
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var italian = (await (await api.GetAsync("/api/v1/settings/keywords")).OkJsonAsync()).GetProperty("languages").EnumerateArray().Single(l => l.GetProperty("language").GetString() == "it");
        Assert.Contains("SPARITE", italian.GetProperty("added").EnumerateArray().Select(w => w.GetString()));
        Assert.Contains("BASTA", italian.GetProperty("removed").EnumerateArray().Select(w => w.GetString()));

        var tried = await (await api.PostAsJsonAsync("/api/v1/settings/keywords/test", new { text = "Sparite!! grazie" })).OkJsonAsync();
        Assert.Equal(("opt_out", "SPARITE (it)"), (tried.GetProperty("kind").GetString(), tried.GetProperty("matched").GetString()));
        Assert.False((await (await api.PostAsJsonAsync("/api/v1/settings/keywords/test", new { text = "basta" })).OkJsonAsync()).GetProperty("matches").GetBoolean());

        var id = await api.ContactAsync("c1", MarketingKit.Phone(1));
        await SmsAsync(MarketingKit.Phone(1), "basta");
        Assert.Equal("active", await StatusAsync(id));
        await SmsAsync(MarketingKit.Phone(1), "sparite");
        Assert.Equal("opted_out", await StatusAsync(id));

        var noStop = await (await api.PutAsJsonAsync("/api/v1/settings/keywords", new { languages = new[] { new { language = "de", optOut = new[] { "ABMELDEN" } } } })).OkJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(noStop.GetProperty("errors").TryGetProperty("languages.de.optOut", out _));
        var noLanguage = await (await api.PutAsJsonAsync("/api/v1/settings/keywords", new { @checked = Array.Empty<string>() })).OkJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(noLanguage.GetProperty("errors").TryGetProperty("languages", out _));
    }

    [Fact]
    public async Task HelpAndTheConfirmation_AreInTheContactsLanguage_ElseTheKeywords()
    {
        await api.PutAsJsonAsync("/api/v1/contacts/c1", new { phone = MarketingKit.Phone(1), language = "it-IT" });
        await SmsAsync(MarketingKit.Phone(1), "HELP");
        await SmsAsync(MarketingKit.Phone(2), "Ayuda");
        Assert.Equal("Rispondi STOP (o BASTA) per non ricevere più messaggi.", await ReplyToAsync(MarketingKit.Phone(1), "help"));
        Assert.StartsWith("Responde BAJA", await ReplyToAsync(MarketingKit.Phone(2), "help"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync("/api/v1/settings/keywords", new { confirmOptOut = true })).StatusCode);
        await SmsAsync(MarketingKit.Phone(3), "Abmelden bitte");
        Assert.StartsWith("Sie erhalten keine Nachrichten mehr", await ReplyToAsync(MarketingKit.Phone(3), "optout-confirmation"), StringComparison.Ordinal);

        // A second opt-out of a number already on the list is not confirmed again.
        await SmsAsync(MarketingKit.Phone(3), "STOPP");
        await SmsAsync(MarketingKit.Phone(3), "HILFE");
        Assert.StartsWith("Antworten Sie STOP", await ReplyToAsync(MarketingKit.Phone(3), "help"), StringComparison.Ordinal);
        await using var scope = gateway.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Messages.CountAsync(m => m.To == MarketingKit.Phone(3) && m.Source == "optout-confirmation"));
    }

    [Fact]
    public async Task TheOperator_RecordsACustomersRequest_WhichCannotBeUndoneAsAMisreading()
    {
        var id = await api.ContactAsync("c1", MarketingKit.Phone(1), "Marta");
        var changed = await (await api.PostAsync($"/api/v1/contacts/{id}/opt-out", null)).OkJsonAsync();
        Assert.Equal("opted_out", changed.GetProperty("status").GetString());
        Assert.Empty((await (await api.GetAsync($"/api/v1/keyword-opt-outs?contactId={id}")).OkJsonAsync()).EnumerateArray());
        await (await api.PostAsync("/api/v1/contacts/999999/opt-out", null)).OkJsonAsync(HttpStatusCode.NotFound);
    }

    private async Task<long> SmsAsync(string from, string text)
    {
        var before = events.All.OfType<InboundStored>().Count(e => e.From == from);
        await (await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from, text })).OkJsonAsync(HttpStatusCode.Accepted);
        await events.UntilAsync(() => events.All.OfType<InboundStored>().Count(e => e.From == from) > before, TimeSpan.FromSeconds(30), () => $"'{text}' was not stored");
        return events.All.OfType<InboundStored>().Last(e => e.From == from).Id;
    }

    private async Task<string?> StatusAsync(long id) => (await (await api.GetAsync($"/api/v1/contacts/{id}")).OkJsonAsync()).GetProperty("status").GetString();

    /// <summary>The reply queued to <paramref name="phone"/>: it is queued just after the inbound SMS is stored and announced.</summary>
    private async Task<string?> ReplyToAsync(string phone, string source)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = gateway.Services.CreateAsyncScope();
            var text = await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Messages.Where(m => m.To == phone && m.Source == source).Select(m => m.Text).FirstOrDefaultAsync();
            if (text is not null || attempt == 100)
            {
                return text;
            }

            await Task.Delay(100);
        }
    }

    private async Task<List<(string Event, JsonElement Data)>> HooksAsync()
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Event, d.Payload }).ToListAsync();
        return [.. rows.Select(r => (r.Event, JsonDocument.Parse(r.Payload).RootElement.GetProperty("data").Clone()))];
    }
}

/// <summary>The same on PostgreSQL, a fleet's database.</summary>
public sealed class KeywordOptOutTestsOnPostgres() : KeywordOptOutTests(onPostgres: true);
