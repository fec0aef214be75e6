namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// The keyword sets the gateway ships, one per language, STOP in every one. They are defaults: the
/// operator adds and removes words per language in Settings, and the saved changes are kept as
/// differences from these lists, so words added to a later release still arrive.
/// </summary>
/// <remarks>
/// Words are left out on purpose when a customer could write them meaning something else in another
/// shipped language, because every set is checked on every reply by default: Spanish ALTO and ALTA are
/// "high, tall" in Italian, PARA is "for", GATA is "ready" in Romanian, and NO or NON alone answer surveys.
/// Negations are never courtesy words: "non basta", "don't stop" must not become opt-outs.
/// </remarks>
public static class ShippedKeywordSets
{
    /// <summary>The shipped languages, in the order a keyword they share (STOP) is attributed when nothing else tells.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "it", "ro", "es", "fr", "de"];

    /// <summary>The shipped sets by language code.</summary>
    public static IReadOnlyDictionary<string, KeywordLanguageSet> All { get; } = new Dictionary<string, KeywordLanguageSet>(StringComparer.Ordinal)
    {
        ["en"] = new(
            "en",
            OptOut: ["STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "UNSUB", "CANCEL", "END", "QUIT", "OPT OUT", "OPTOUT", "REMOVE", "REMOVE ME", "BE REMOVED", "BE UNSUBSCRIBED", "NO MORE", "DO NOT TEXT", "DON'T TEXT", "DONT TEXT", "LEAVE ME ALONE"],
            OptIn: ["START", "UNSTOP", "SUBSCRIBE", "OPT IN"],
            Help: ["HELP", "INFO"],
            Courtesy: ["hi", "hello", "hey", "dear", "please", "pls", "plz", "thanks", "thank", "you", "thx", "ty", "ok", "okay", "sorry", "now", "asap", "immediately", "right", "away", "me", "my", "i", "want", "would", "like", "to", "from", "your", "this", "list", "number", "all", "any", "more", "messages", "message", "msgs", "texts", "text", "sms", "sending", "texting", "messaging", "it", "just", "again", "already", "them", "these"],
            HelpReply: "Reply STOP to stop receiving messages.",
            OptOutConfirmation: "You will receive no more messages from us. Reply START to subscribe again."),
        ["it"] = new(
            "it",
            OptOut: ["STOP", "BASTA", "CANCELLAMI", "CANCELLATEMI", "DISISCRIVIMI", "DISISCRIVETEMI", "DISISCRIZIONE", "RIMUOVIMI", "RIMUOVETEMI", "TOGLIMI", "TOGLIETEMI", "ELIMINAMI", "ELIMINATEMI",
                "NO SMS", "NO MESSAGGI", "NIENTE SMS", "NIENTE MESSAGGI", "NIENTE PIÙ MESSAGGI", "NON SCRIVETEMI", "NON SCRIVETEMI PIÙ", "NON SCRIVERMI", "NON SCRIVERMI PIÙ", "NON MI SCRIVETE PIÙ",
                "NON VOGLIO PIÙ", "NON VOGLIO MESSAGGI", "NON VOGLIO SMS", "NON VOGLIO RICEVERE", "NON VOGLIO PIÙ RICEVERE", "NON MANDATEMI", "NON INVIATEMI", "NON CONTATTATEMI", "NON MI CONTATTATE PIÙ", "ANNULLA ISCRIZIONE", "CANCELLA ISCRIZIONE", "ESSERE CANCELLATO", "ESSERE CANCELLATA", "ESSERE RIMOSSO", "ESSERE RIMOSSA"],
            OptIn: ["START", "ISCRIVIMI", "RIATTIVA", "RIATTIVAMI"],
            Help: ["AIUTO", "INFO", "INFORMAZIONI"],
            Courtesy: ["ciao", "salve", "buongiorno", "buonasera", "gentili", "gentile", "per", "favore", "piacere", "cortesia", "grazie", "mille", "ok", "scusate", "scusa", "subito", "adesso", "ora", "immediatamente", "messaggi", "messaggio", "sms", "pubblicita", "promozioni", "mi", "me", "il", "mio", "numero", "dalla", "dal", "vostra", "vostro", "lista", "elenco", "tutti", "tutto", "piu", "vorrei", "ricevere", "questi", "questo", "davvero"],
            HelpReply: "Rispondi STOP (o BASTA) per non ricevere più messaggi.",
            OptOutConfirmation: "Non riceverai più messaggi da noi. Rispondi START per iscriverti di nuovo."),
        ["ro"] = new(
            "ro",
            OptOut: ["STOP", "STOP SMS", "DEZABONARE", "DEZABONEAZĂ-MĂ", "DEZABONATI-MA", "ANULARE", "RENUNȚ", "NU MAI VREAU", "NU MAI VREAU MESAJE", "NU MAI TRIMITEȚI", "NU MAI SCRIEȚI", "NU MĂ MAI CONTACTAȚI", "ȘTERGE-MĂ", "ȘTERGEȚI-MĂ", "SCOATEȚI-MĂ"],
            OptIn: ["START", "ABONARE", "ABONEAZĂ-MĂ"],
            Help: ["AJUTOR", "INFO"],
            Courtesy: ["buna", "ziua", "salut", "va", "te", "rog", "multumesc", "mersi", "mesaje", "mesajele", "mesaj", "sms", "imi", "mie", "de", "la", "din", "voi", "numarul", "meu", "lista", "toate", "acum", "imediat", "ok", "mai", "vreau", "sa", "fiu", "sters", "stearsa", "scos", "scoasa"],
            HelpReply: "Raspunde STOP pentru a nu mai primi mesaje.",
            OptOutConfirmation: "Nu vei mai primi mesaje de la noi. Raspunde START pentru a te abona din nou."),
        ["es"] = new(
            "es",
            OptOut: ["STOP", "BAJA", "DAR DE BAJA", "DARME DE BAJA", "DADME DE BAJA", "PARAR", "CANCELAR", "ANULAR", "BORRAR", "BORRARME", "ELIMINARME", "DESUSCRIBIR", "DESUSCRIBIRME", "NO MÁS", "NO MÁS MENSAJES", "NO QUIERO MÁS MENSAJES", "NO QUIERO MENSAJES", "NO ME ESCRIBAN", "NO ME ENVÍEN", "NO ME MANDEN"],
            OptIn: ["START", "SUSCRIBIR", "SUSCRIBIRME"],
            Help: ["AYUDA", "INFO"],
            Courtesy: ["hola", "buenos", "buenas", "dias", "tardes", "por", "favor", "porfa", "porfavor", "gracias", "muchas", "ya", "ahora", "mensajes", "mensaje", "sms", "publicidad", "me", "mi", "numero", "de", "la", "lista", "todos", "mas", "quiero", "ok", "vale", "inmediatamente"],
            HelpReply: "Responde BAJA o STOP para no recibir más mensajes.",
            OptOutConfirmation: "No recibirás más mensajes nuestros. Responde START para volver a suscribirte."),
        ["fr"] = new(
            "fr",
            OptOut: ["STOP", "ARRÊT", "ARRÊTER", "ARRÊTEZ", "DÉSABONNER", "DÉSABONNEMENT", "DÉSINSCRIRE", "DÉSINSCRIPTION", "DÉSINSCRIVEZ-MOI", "ANNULER", "PLUS DE SMS", "PLUS DE MESSAGES", "NE M'ÉCRIVEZ PLUS", "JE NE VEUX PLUS", "NE PLUS RECEVOIR"],
            OptIn: ["START", "ABONNER", "RÉABONNER"],
            Help: ["AIDE", "INFO"],
            Courtesy: ["bonjour", "bonsoir", "salut", "merci", "beaucoup", "svp", "stp", "s", "il", "vous", "plait", "je", "me", "moi", "m", "veux", "voudrais", "messages", "message", "sms", "de", "la", "liste", "mon", "numero", "tous", "maintenant", "ok", "immediatement", "recevoir", "vos", "votre"],
            HelpReply: "Répondez STOP pour ne plus recevoir de messages.",
            OptOutConfirmation: "Vous ne recevrez plus de messages de notre part. Répondez START pour vous réabonner."),
        ["de"] = new(
            "de",
            OptOut: ["STOP", "STOPP", "ABMELDEN", "ABMELDUNG", "ABBESTELLEN", "AUSTRAGEN", "KÜNDIGEN", "KUENDIGEN", "BEENDEN", "ENDE", "LÖSCHEN", "LOESCHEN", "KEINE SMS", "KEINE NACHRICHTEN", "KEINE WERBUNG", "NICHT MEHR SCHREIBEN", "SCHREIBT MIR NICHT MEHR"],
            OptIn: ["START", "ANMELDEN"],
            Help: ["HILFE", "INFO"],
            Courtesy: ["hallo", "hi", "guten", "tag", "bitte", "danke", "vielen", "dank", "sofort", "jetzt", "mich", "mir", "meine", "nummer", "sms", "nachrichten", "nachricht", "werbung", "alle", "mehr", "ok", "ich", "will", "mochte", "von", "der", "liste", "ihrer", "ihre", "weitere"],
            HelpReply: "Antworten Sie STOP, um keine Nachrichten mehr zu erhalten.",
            OptOutConfirmation: "Sie erhalten keine Nachrichten mehr von uns. Antworten Sie START, um sie wieder zu erhalten."),
    };
}
