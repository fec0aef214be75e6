using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Domain.Tests.Keywords;

/// <summary>
/// Replies real customers send to a marketing SMS when they want no more, as they write them: lowercase,
/// shouting, typos, greetings, emoji. Each must be read as an opt-out, and the keyword and language the
/// operator will see are checked too ("BASTA (it)"). Every shipped set is checked, as by default.
/// </summary>
public sealed class RealOptOutReplyTests
{
    internal static readonly KeywordMatcher Shipped = new(ShippedKeywordSets.Languages.Select(l => ShippedKeywordSets.All[l]));

    [Theory]
    // English
    [InlineData("STOP", "STOP (en)")]
    [InlineData("stop", "STOP (en)")]
    [InlineData("Stop!!", "STOP (en)")]
    [InlineData("STOP.", "STOP (en)")]
    [InlineData("  stop  ", "STOP (en)")]
    [InlineData("Stop please", "STOP (en)")]
    [InlineData("STOP PLEASE!!!", "STOP (en)")]
    [InlineData("stop pls", "STOP (en)")]
    [InlineData("Please stop", "STOP (en)")]
    [InlineData("Stop it", "STOP (en)")]
    [InlineData("Stop sending me messages", "STOP (en)")]
    [InlineData("stop texting me", "STOP (en)")]
    [InlineData("Stop, thanks", "STOP (en)")]
    [InlineData("STOP STOP STOP", "STOP (en)")]
    [InlineData("stooop", "STOP (en)")]
    [InlineData("Stop 😡", "STOP (en)")]
    [InlineData("🛑 STOP 🛑", "STOP (en)")]
    [InlineData("\"STOP\"", "STOP (en)")]
    [InlineData("Unsubscribe", "UNSUBSCRIBE (en)")]
    [InlineData("unsubscribe me please", "UNSUBSCRIBE (en)")]
    [InlineData("UNSUBSCRIBE!", "UNSUBSCRIBE (en)")]
    [InlineData("unsub", "UNSUB (en)")]
    [InlineData("Remove me from your list", "REMOVE ME (en)")]
    [InlineData("remove", "REMOVE (en)")]
    [InlineData("Please remove my number", "REMOVE (en)")]
    [InlineData("Opt out", "OPT OUT (en)")]
    [InlineData("opt-out", "OPT OUT (en)")]
    [InlineData("optout", "OPTOUT (en)")]
    [InlineData("cancel", "CANCEL (en)")]
    [InlineData("Cancel please", "CANCEL (en)")]
    [InlineData("END", "END (en)")]
    [InlineData("quit", "QUIT (en)")]
    [InlineData("Stopall", "STOPALL (en)")]
    [InlineData("STOP ALL", "STOP ALL (en)")]
    [InlineData("No more messages please", "NO MORE (en)")]
    [InlineData("Do not text me", "DO NOT TEXT (en)")]
    [InlineData("Don't text me again", "DON'T TEXT (en)")]
    [InlineData("dont text me", "DONT TEXT (en)")]
    [InlineData("Leave me alone", "LEAVE ME ALONE (en)")]
    [InlineData("Hi, I want to unsubscribe", "UNSUBSCRIBE (en)")]
    [InlineData("I would like to be removed, thank you", "BE REMOVED (en)")]
    // Italian
    [InlineData("Basta, non scrivetemi più", "BASTA (it)")]
    [InlineData("basta", "BASTA (it)")]
    [InlineData("BASTA!!!", "BASTA (it)")]
    [InlineData("Basta.", "BASTA (it)")]
    [InlineData("bastaaaa", "BASTA (it)")]
    [InlineData("Basta messaggi", "BASTA (it)")]
    [InlineData("Ciao, basta messaggi per favore", "BASTA (it)")]
    [InlineData("basta grazie", "BASTA (it)")]
    [InlineData("stop grazie", "STOP (it)")]
    [InlineData("Stop, grazie mille", "STOP (it)")]
    [InlineData("stop, non voglio più messaggi", "STOP (it)")]
    [InlineData("STOP per favore", "STOP (it)")]
    [InlineData("Non scrivetemi più", "NON SCRIVETEMI PIÙ (it)")]
    [InlineData("non scrivetemi piu", "NON SCRIVETEMI PIÙ (it)")]
    [InlineData("Non scrivermi più!", "NON SCRIVERMI PIÙ (it)")]
    [InlineData("Cancellami", "CANCELLAMI (it)")]
    [InlineData("cancelami", "CANCELLAMI (it)")]
    [InlineData("Cancellatemi dalla lista grazie", "CANCELLATEMI (it)")]
    [InlineData("Vorrei essere cancellato", "ESSERE CANCELLATO (it)")]
    [InlineData("Disiscrivimi", "DISISCRIVIMI (it)")]
    [InlineData("Rimuovimi", "RIMUOVIMI (it)")]
    [InlineData("Toglimi dalla lista", "TOGLIMI (it)")]
    [InlineData("Eliminami per favore", "ELIMINAMI (it)")]
    [InlineData("NO SMS", "NO SMS (it)")]
    [InlineData("no sms grazie", "NO SMS (it)")]
    [InlineData("No messaggi", "NO MESSAGGI (it)")]
    [InlineData("Niente più messaggi", "NIENTE PIÙ MESSAGGI (it)")]
    [InlineData("Non voglio più ricevere messaggi", "NON VOGLIO PIÙ RICEVERE (it)")]
    [InlineData("non voglio piu sms", "NON VOGLIO PIÙ (it)")]
    [InlineData("Buongiorno, non contattatemi più", "NON CONTATTATEMI (it)")]
    [InlineData("Basta 🙏", "BASTA (it)")]
    [InlineData("Basta! Cancellatemi!", "BASTA (it)")]
    [InlineData("Annulla iscrizione", "ANNULLA ISCRIZIONE (it)")]
    // Romanian
    [InlineData("Nu mai vreau mesaje", "NU MAI VREAU MESAJE (ro)")]
    [InlineData("nu mai vreau", "NU MAI VREAU (ro)")]
    [InlineData("Dezabonare", "DEZABONARE (ro)")]
    [InlineData("Dezabonează-mă", "DEZABONEAZĂ-MĂ (ro)")]
    [InlineData("dezaboneaza-ma va rog", "DEZABONEAZĂ-MĂ (ro)")]
    [InlineData("Ștergeți-mă din listă", "ȘTERGEȚI-MĂ (ro)")]
    [InlineData("stergeti-ma", "ȘTERGEȚI-MĂ (ro)")]
    [InlineData("STOP SMS", "STOP SMS (ro)")]
    [InlineData("Stop, mulțumesc", "STOP (ro)")]
    [InlineData("Nu mai trimiteți mesaje", "NU MAI TRIMITEȚI (ro)")]
    [InlineData("Renunț", "RENUNȚ (ro)")]
    // Spanish
    [InlineData("Baja", "BAJA (es)")]
    [InlineData("BAJA", "BAJA (es)")]
    [InlineData("baja por favor", "BAJA (es)")]
    [InlineData("Dar de baja", "DAR DE BAJA (es)")]
    [InlineData("Darme de baja, gracias", "DARME DE BAJA (es)")]
    [InlineData("No quiero más mensajes", "NO QUIERO MÁS MENSAJES (es)")]
    [InlineData("no mas mensajes", "NO MÁS MENSAJES (es)")]
    [InlineData("Stop gracias", "STOP (es)")]
    [InlineData("Cancelar", "CANCELAR (es)")]
    [InlineData("No me escriban más", "NO ME ESCRIBAN (es)")]
    // French
    [InlineData("Arrêt", "ARRÊT (fr)")]
    [InlineData("arret", "ARRÊT (fr)")]
    [InlineData("STOP merci", "STOP (fr)")]
    [InlineData("Stop svp", "STOP (fr)")]
    [InlineData("Désabonner", "DÉSABONNER (fr)")]
    [InlineData("desinscription", "DÉSINSCRIPTION (fr)")]
    [InlineData("Plus de SMS svp", "PLUS DE SMS (fr)")]
    [InlineData("Ne m'écrivez plus", "NE M'ÉCRIVEZ PLUS (fr)")]
    [InlineData("Bonjour, je veux me désinscrire s'il vous plaît", "DÉSINSCRIRE (fr)")]
    [InlineData("Arrêtez", "ARRÊTEZ (fr)")]
    // German
    [InlineData("STOPP", "STOPP (de)")]
    [InlineData("Stopp!", "STOPP (de)")]
    [InlineData("Abmelden", "ABMELDEN (de)")]
    [InlineData("abmelden bitte", "ABMELDEN (de)")]
    [InlineData("Bitte abbestellen", "ABBESTELLEN (de)")]
    [InlineData("Keine SMS mehr", "KEINE SMS (de)")]
    [InlineData("keine Werbung bitte", "KEINE WERBUNG (de)")]
    [InlineData("Löschen", "LÖSCHEN (de)")]
    [InlineData("loeschen", "LOESCHEN (de)")]
    [InlineData("Ich will mich abmelden, danke", "ABMELDEN (de)")]
    [InlineData("Stop danke", "STOP (de)")]
    [InlineData("Kündigen", "KÜNDIGEN (de)")]
    public void IsReadAsAnOptOut(string reply, string expected)
    {
        var match = Shipped.Match(reply);
        Assert.NotNull(match);
        Assert.Equal(KeywordKind.OptOut, match.Kind);
        Assert.Equal(expected, match.Describe());
    }

    [Theory]
    [InlineData("sotp", "STOP", "sotp")]
    [InlineData("Stpo", "STOP", "stpo")]
    [InlineData("cancle", "CANCEL", "cancle")]
    [InlineData("unsubscibe", "UNSUBSCRIBE", "unsubscibe")]
    [InlineData("unsubscrbe please", "UNSUBSCRIBE", "unsubscrbe")]
    [InlineData("cancellarmi", "CANCELLAMI", "cancellarmi")]
    [InlineData("disicrivimi", "DISISCRIVIMI", "disicrivimi")]
    [InlineData("bsata", "BASTA", "bsata")]
    [InlineData("Dezabonre", "DEZABONARE", "dezabonre")]
    public void ACommonTypo_IsRecognised_AndShownAsWritten(string reply, string keyword, string written)
    {
        var match = Shipped.Match(reply);
        Assert.NotNull(match);
        Assert.Equal((KeywordKind.OptOut, keyword, written), (match.Kind, match.Keyword, match.Typo));
        Assert.Contains($"written {written}", match.Describe(), StringComparison.Ordinal);
    }
}
