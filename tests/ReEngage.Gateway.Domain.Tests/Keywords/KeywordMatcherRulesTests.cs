using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Domain.Tests.Keywords;

/// <summary>The matcher's rules beside the opt-out list: START and HELP, languages, the operator's own words, folding.</summary>
public sealed class KeywordMatcherRulesTests
{
    private static readonly KeywordMatcher Shipped = RealOptOutReplyTests.Shipped;

    [Theory]
    [InlineData("START", KeywordKind.OptIn, "START")]
    [InlineData("start please", KeywordKind.OptIn, "START")]
    [InlineData("Iscrivimi", KeywordKind.OptIn, "ISCRIVIMI")]
    [InlineData("Abonare", KeywordKind.OptIn, "ABONARE")]
    [InlineData("HELP", KeywordKind.Help, "HELP")]
    [InlineData("help?", KeywordKind.Help, "HELP")]
    [InlineData("Aiuto", KeywordKind.Help, "AIUTO")]
    [InlineData("info", KeywordKind.Help, "INFO")]
    [InlineData("Ajutor", KeywordKind.Help, "AJUTOR")]
    [InlineData("Ayuda por favor", KeywordKind.Help, "AYUDA")]
    [InlineData("Aide", KeywordKind.Help, "AIDE")]
    [InlineData("Hilfe", KeywordKind.Help, "HILFE")]
    public void StartAndHelp_AreReadTheSameWay(string reply, KeywordKind kind, string keyword)
    {
        var match = Shipped.Match(reply);
        Assert.NotNull(match);
        Assert.Equal((kind, keyword), (match.Kind, match.Keyword));
    }

    [Theory]
    [InlineData("start stop")]
    [InlineData("Help! Stop")]
    [InlineData("info basta")]
    public void AReplyWithAnOptOutKeyword_OptsOut_WhateverElseItAsks(string reply) =>
        Assert.Equal(KeywordKind.OptOut, Shipped.Match(reply)?.Kind);

    [Theory]
    [InlineData("STOP", "it", "it")]
    [InlineData("STOP", "ro-RO", "ro")]
    [InlineData("STOP", "de_DE", "de")]
    [InlineData("STOP", null, "en")]
    [InlineData("STOP", "pt", "en")]
    [InlineData("stop grazie", "de", "it")]
    [InlineData("INFO", "it", "it")]
    public void ASharedKeyword_IsReportedInTheLanguageTheReplyOrTheContactSpeaks(string reply, string? contactLanguage, string language) =>
        Assert.Equal(language, Shipped.Match(reply, contactLanguage, "en")?.Language);

    [Fact]
    public void TheBusinesssLanguage_ComesAfterTheContacts() =>
        Assert.Equal("it", Shipped.Match("Stop", null, "it")?.Language);

    [Fact]
    public void OnlyTheCheckedLanguages_AreRead()
    {
        var italianOnly = new KeywordMatcher([ShippedKeywordSets.All["it"]]);
        Assert.Equal("BASTA (it)", italianOnly.Match("basta")?.Describe());
        Assert.Equal("STOP (it)", italianOnly.Match("STOP")?.Describe());
        Assert.Null(italianOnly.Match("Baja"));
        Assert.Null(italianOnly.Match("unsubscribe"));
    }

    [Fact]
    public void TheOperatorsWords_AreMatchedLikeTheShippedOnes()
    {
        var italian = ShippedKeywordSets.All["it"];
        var edited = italian with { OptOut = [.. italian.OptOut.Where(w => w != "BASTA"), "SPARITE"] };
        var matcher = new KeywordMatcher([edited]);
        Assert.Equal("SPARITE (it)", matcher.Match("Sparite!! grazie")?.Describe());
        Assert.Null(matcher.Match("basta"));
    }

    [Fact]
    public void TheBusinesssOwnList_HasNoLanguage_AndStillWorks()
    {
        var config = new KeywordLanguageSet(null, ["STOP", "FERMA"], ["RIPARTI"], ["AIUTAMI"], []);
        var matcher = new KeywordMatcher([ShippedKeywordSets.All["en"], config]);
        Assert.Equal("FERMA", matcher.Match("ferma")?.Describe());
        Assert.Equal(KeywordKind.OptIn, matcher.Match("riparti")?.Kind);

        // A word both lists hold is reported in its language, also when the contact's is unknown.
        Assert.Equal("STOP (en)", matcher.Match("stop")?.Describe());
        Assert.Equal("STOP (en)", matcher.Match("stop", null, "en")?.Describe());
    }

    [Theory]
    [InlineData("Stop!!", "stop")]
    [InlineData("BASTÀ", "basta")]
    [InlineData("Șterge-mă 🙏", "sterge ma")]
    [InlineData("ＳＴＯＰ", "stop")]
    [InlineData("Keine  SMS,mehr", "keine sms mehr")]
    [InlineData("Straße", "strase")]
    [InlineData("m'écrivez", "m ecrivez")]
    [InlineData("stooooop", "stop")]
    public void Folding_IgnoresCaseAccentsPunctuationEmojiAndRepeats(string text, string folded) =>
        Assert.Equal(folded, string.Join(' ', KeywordText.Words(text)));

    [Fact]
    public void EveryShippedSet_HasStop_AndItsRepliesInItsLanguage()
    {
        Assert.Equal(["en", "it", "ro", "es", "fr", "de"], ShippedKeywordSets.Languages);
        foreach (var language in ShippedKeywordSets.Languages)
        {
            var set = ShippedKeywordSets.All[language];
            Assert.Contains("STOP", set.OptOut);
            Assert.Contains("START", set.OptIn);
            Assert.False(string.IsNullOrWhiteSpace(set.HelpReply), language);
            Assert.False(string.IsNullOrWhiteSpace(set.OptOutConfirmation), language);
        }
    }

    [Fact]
    public void NoShippedWord_HasTwoMeanings()
    {
        var kinds = new Dictionary<string, KeywordKind>();
        foreach (var set in ShippedKeywordSets.All.Values)
        {
            foreach (var kind in new[] { KeywordKind.OptOut, KeywordKind.OptIn, KeywordKind.Help })
            {
                foreach (var phrase in set.Words(kind).Select(KeywordText.Phrase))
                {
                    Assert.True(!kinds.TryGetValue(phrase, out var other) || other == kind, $"'{phrase}' is both {other} and {kind}");
                    kinds[phrase] = kind;
                }
            }
        }

        // A courtesy word that were a keyword would make "please" an opt-out.
        var courtesy = ShippedKeywordSets.All.Values.SelectMany(s => s.Courtesy).SelectMany(w => KeywordText.Words(w)).ToHashSet();
        Assert.DoesNotContain(kinds.Keys, courtesy.Contains);
    }

    [Fact]
    public void AnOptOut_KeepsWhatTheContactWasBefore_AndItsSource()
    {
        var contact = Contact.Create("+393470000001", DateTimeOffset.UnixEpoch);
        var match = Shipped.Match("Basta, non scrivetemi più")!;
        var record = KeywordOptOut.Of(7, contact.Phone, match, contact, alreadyListed: false, DateTimeOffset.UnixEpoch);
        Assert.Equal((7L, "BASTA", "it", ContactStatus.Active), (record.InboundId, record.Keyword, record.Language, record.PreviousStatus!.Value));
        Assert.Equal("sms:BASTA (it)", record.Source());
    }
}
