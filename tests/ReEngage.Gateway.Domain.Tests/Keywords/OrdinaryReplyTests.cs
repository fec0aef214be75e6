using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Domain.Tests.Keywords;

/// <summary>
/// Replies that are not opt-outs, however close they come: a keyword followed by an ordinary sentence,
/// a keyword inside another word, a name, a survey answer, a negation. Opting a customer out on one of
/// these loses the shop a customer who wanted to talk to it.
/// </summary>
public sealed class OrdinaryReplyTests
{
    [Theory]
    // A keyword that opens an ordinary sentence.
    [InlineData("stop by tomorrow?")]
    [InlineData("Stop by the shop at 5?")]
    [InlineData("Can you stop the delivery until Monday")]
    [InlineData("Cancel my order please")]
    [InlineData("cancel the appointment on friday")]
    [InlineData("End of the month is fine")]
    [InlineData("Remove the cheese from my pizza")]
    [InlineData("Quit joking, is the sale real?")]
    [InlineData("Help me choose a size")]
    [InlineData("basta così grazie, arrivo alle 5")]
    [InlineData("Basta così, grazie")]
    [InlineData("Basta che mi tenete da parte la giacca")]
    [InlineData("basta un messaggio quando arriva")]
    [InlineData("Stop, arrivo tra 10 minuti")]
    [InlineData("Baja el precio?")]
    [InlineData("baja la música")]
    [InlineData("Arrêt de bus devant le magasin?")]
    [InlineData("Ende der Woche komme ich vorbei")]
    [InlineData("Abmelden geht nicht, die Seite lädt nicht")]
    [InlineData("Cancelar la reserva del sábado")]
    [InlineData("Anulare comanda de ieri va rog")]
    // A keyword inside another word, or a name.
    [InlineData("stopped")]
    [InlineData("Stopped by yesterday, you were closed")]
    [InlineData("bastardo")]
    [InlineData("Stoppani")]
    [InlineData("Sono Luca Stoppani")]
    [InlineData("Bastardi! Il pacco è arrivato rotto")]
    [InlineData("Bastano due taglie")]
    [InlineData("Pasta")]
    [InlineData("unstoppable")]
    [InlineData("Legend")]
    [InlineData("Quite good")]
    [InlineData("Stopwatch")]
    [InlineData("bajada")]
    [InlineData("Abmeldung der Bestellung")]
    [InlineData("Information about opening hours")]
    [InlineData("S.T.O.P")]
    // Negations and doubts: not a request to stop.
    [InlineData("Don't stop, I love your offers")]
    [InlineData("Non basta")]
    [InlineData("non basta lo sconto")]
    [InlineData("Not stop")]
    [InlineData("Why should I stop?")]
    // Survey answers and ordinary chatter.
    [InlineData("No")]
    [InlineData("NO")]
    [InlineData("Non")]
    [InlineData("Si")]
    [InlineData("Alto")]
    [InlineData("Alta")]
    [InlineData("Para mí, gracias")]
    [InlineData("Gata")]
    [InlineData("Ok grazie")]
    [InlineData("Grazie mille!")]
    [InlineData("Thanks")]
    [InlineData("Messaggi")]
    [InlineData("Per favore")]
    [InlineData("🙏🙏")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("...")]
    [InlineData("A che ora chiudete?")]
    [InlineData("Bună ziua, aveți mărimea 42?")]
    [InlineData("Hola, ¿tenéis la talla M?")]
    [InlineData("Merci, à demain")]
    [InlineData("Danke, bis morgen")]
    [InlineData("Vorrei il codice sconto")]
    [InlineData("2")]
    [InlineData("B")]
    [InlineData("Stopover in Rome")]
    [InlineData("Spot on!")]
    public void IsNotAnOptOut(string reply) =>
        Assert.NotEqual(KeywordKind.OptOut, RealOptOutReplyTests.Shipped.Match(reply)?.Kind);
}
