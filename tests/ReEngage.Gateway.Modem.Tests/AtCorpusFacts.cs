using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReEngage.Gateway.Modem.At.Replies;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>
/// Reads one AT corpus entry with the parser for its command and lists every stated fact the parse
/// does not reproduce. The facts are built under the corpus README's key names, so the comparison is
/// key by key; objects inside lists compare on the keys the entry states.
/// </summary>
internal static class AtCorpusFacts
{
    private static readonly string[] RegistrationCommands = ["AT+CREG?", "AT+CGREG?", "AT+CEREG?", "AT+C5GREG?", "+CREG", "+CGREG", "+CEREG", "+C5GREG"];

    public static List<string> Check(JsonObject entry, Func<string, int?> pduLength)
    {
        var problems = new List<string>();
        var command = entry["command"]!.GetValue<string>();
        var isUrc = entry["urc"]?.GetValue<bool>() == true;
        var context = entry["context"] as JsonObject;
        var expect = (JsonObject)entry["expect"]!;
        var reply = AtReplyReader.Read(entry["reply"]!.GetValue<string>(), isUrc ? null : command);

        if (expect.TryGetPropertyValue("final", out var final) && !Same(final, reply.Final is null ? null : JsonValue.Create(reply.Final)))
        {
            problems.Add($"final: read {Show(reply.Final)}, expected {Show(final)}");
        }

        if (expect["urcs"] is JsonArray urcs)
        {
            var actual = new JsonArray(reply.Urcs.Select(u => (JsonNode?)UrcFacts(u.Line, Charset(context))).ToArray());
            if (!Same(urcs, actual))
            {
                problems.Add($"urcs: read {actual.ToJsonString()}, expected {urcs.ToJsonString()}");
            }

            if (isUrc)
            {
                return problems; // the chunk is only URCs: they are the facts
            }
        }

        var lines = isUrc ? reply.Urcs.Select(u => u.Line).ToList() : reply.Lines;
        var (valid, facts, reason) = Facts(command, lines, reply, context, entry, pduLength);
        if (expect["error"]?.GetValue<bool>() == true)
        {
            if (valid)
            {
                problems.Add($"read {facts.ToJsonString()} but the source asserts a rejection");
            }

            return problems;
        }

        if (!valid)
        {
            if (entry["either_error"]?.GetValue<bool>() != true)
            {
                problems.Add($"rejected: {reason}");
            }

            return problems;
        }

        foreach (var (key, value) in expect)
        {
            if (key is "final" or "urcs" or "error")
            {
                continue;
            }

            if (!facts.TryGetPropertyValue(key, out var actual))
            {
                problems.Add($"{key}: the parser gives no such fact (read {facts.ToJsonString()})");
            }
            else if (!Same(value, actual))
            {
                problems.Add($"{key}: read {Show(actual)}, expected {Show(value)}");
            }
        }

        // Layout checks the README implies: a URC-layout registration has no <n>, a +CMGR without an index has none.
        if (RegistrationCommands.Contains(command) && !expect.ContainsKey("n") && facts["n"] is not null)
        {
            problems.Add($"n: read {Show(facts["n"])} from a URC-layout line");
        }

        if (command.StartsWith("AT+CMGR", StringComparison.Ordinal) && facts.ContainsKey("index") && !expect.ContainsKey("index") && facts["index"] is not null)
        {
            problems.Add($"index: read {Show(facts["index"])} where the header has none");
        }

        return problems;
    }

    private static (bool Valid, JsonObject Facts, string? Reason) Facts(string command, IReadOnlyList<string> lines, AtReply reply, JsonObject? context, JsonObject entry, Func<string, int?> pduLength)
    {
        var charset = Charset(context);
        var facts = new JsonObject();
        if (reply.Error is { Code: { } code })
        {
            facts["cme_error"] = code;
        }

        switch (command)
        {
            case var c when RegistrationCommands.Contains(c):
                return From(NetworkRegistrationParser.Parse(lines), facts, r => Registration(r, facts), () => { facts["n"] = null; facts["stat"] = null; });
            case "AT+COPS=?":
                return From(OperatorListParser.Parse(lines, charset), facts, list => facts["networks"] = Array(list, o => new JsonObject
                {
                    ["stat"] = o.Stat, ["long"] = o.LongName, ["short"] = o.ShortName, ["numeric"] = o.Numeric,

                    // The corpus follows ModemManager: a missing <AcT> counts as GSM (0). The parser says null.
                    ["act"] = o.AccessTechnology ?? 0,
                }));
            case "AT+COPS?":
                return From(OperatorSelectionParser.Parse(lines, charset), facts, s =>
                {
                    facts["mode"] = s.Mode; facts["format"] = s.Format; facts["oper"] = s.Operator; facts["act"] = s.AccessTechnology;
                });
            case "AT+CMGL=4":
                return From(MessageListParser.Parse(lines), facts, list => facts["messages"] = Array(list, m => Stored(m, new JsonObject())));
            case var c when c.StartsWith("AT+CMGR", StringComparison.Ordinal) && IsTextMode(context):
                return From(MessageReadParser.ParseText(lines), facts, m => TextMessage(m, facts));
            case var c when c.StartsWith("AT+CMGR", StringComparison.Ordinal):
                return From(MessageReadParser.ParsePdu(lines), facts, m =>
                {
                    Stored(m, facts);
                    facts["tpdu_octets"] = m.TpduOctets;
                    if (entry["pdu_ref"]?.GetValue<string>() is { } pduRef)
                    {
                        facts["pdu_valid"] = Decodes(m.Pdu, pduLength(pduRef));
                    }
                });
            case "AT+CPMS?":
                return From(MessageStorageParser.ParseQuery(lines), facts, usage => Usage(usage, facts, names: true));
            case "AT+CPMS=?":
                return From(MessageStorageParser.ParseSupported(lines), facts, s =>
                {
                    facts["memories"] = Strings(s.All); facts["mem1"] = Strings(s.Read); facts["mem2"] = Strings(s.Write); facts["mem3"] = Strings(s.Receive);
                }, () => facts["memories"] = new JsonArray());
            case var c when c.StartsWith("AT+CPMS=", StringComparison.Ordinal):
                return From(MessageStorageParser.ParseSet(lines), facts, usage => Usage(usage, facts, names: false));
            case "AT+CCID":
                return From(IccidParser.Parse(lines), facts, iccid => facts["iccid"] = iccid);
            case "AT+CNUM":
                return From(SubscriberNumberParser.Parse(lines, charset), facts, list => facts["numbers"] = Array(list, n => new JsonObject
                {
                    ["alpha"] = n.Alpha, ["number"] = n.Number, ["type"] = n.Type,
                }));
            case "AT+CNMI=?":
                return From(MessageIndicationParser.ParseSupported(lines), facts, s => facts["cnmi"] = new JsonObject
                {
                    ["mode"] = Ints(s.Mode), ["mt"] = Ints(s.Mt), ["bm"] = Ints(s.Bm), ["ds"] = Ints(s.Ds), ["bfr"] = Ints(s.Bfr),
                });
            case var c when c.StartsWith("AT+CCFC=", StringComparison.Ordinal):
                return From(CallForwardingParser.Parse(lines), facts, list => facts["entries"] = Array(list, f => new JsonObject
                {
                    ["status"] = f.Status, ["class"] = f.Class, ["number"] = f.Number, ["type"] = f.NumberType,
                    ["subaddr"] = f.Subaddress, ["satype"] = f.SubaddressType, ["time"] = f.Time,
                }));
            case "AT+CSCA?":
                return From(ServiceCentreParser.Parse(lines, charset), facts, s =>
                {
                    facts["smsc"] = s.Address; facts["type"] = s.Type; facts["sca_raw"] = s.Raw;
                });
            case "AT+CSCS?":
                facts["charset"] = ModemInfoParser.CharacterSet(lines);
                return (true, facts, null);
            case "AT+CGMM":
                facts["model"] = ModemInfoParser.Model(lines);
                return (true, facts, null);
            case "AT+CGMR":
                facts["lines"] = Strings(ModemInfoParser.Revision(lines));
                return (true, facts, null);
            case "AT+CPIN?":
                facts["code"] = ModemInfoParser.PinCode(lines);
                return (true, facts, null);
            case var c when c.StartsWith("ATI", StringComparison.Ordinal):
                foreach (var (label, value) in ModemInfoParser.LabelledFields(lines))
                {
                    facts[label] = value;
                }

                return (true, facts, null);
            case "+CUSD":
                return From(UssdParser.Parse(lines, charset), facts, u => Ussd(u, facts));
            case "AT+CSQ":
                return From(SignalQualityParser.Parse(lines), facts, q => { facts["rssi"] = q.Rssi; facts["ber"] = q.BitErrorRate; });
            case var c when c.StartsWith("AT+CUSD=", StringComparison.Ordinal) || c.StartsWith("AT+CSCS=", StringComparison.Ordinal):
                return (true, facts, null); // set commands: the final result is the fact
            default:
                return (false, facts, $"no parser for {command}: add one rather than skip the entry");
        }
    }

    private static (bool, JsonObject, string?) From<T>(ParseResult<T> result, JsonObject facts, Action<T> fill, Action? absent = null)
        where T : class
    {
        if (!result.IsValid)
        {
            return (false, facts, result.Error);
        }

        if (result.Value is { } value)
        {
            fill(value);
        }
        else
        {
            absent?.Invoke();
        }

        return (true, facts, null);
    }

    private static JsonObject UrcFacts(string line, TeCharset charset)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var facts = new JsonObject { ["urc"] = colon < 0 ? line : line[..colon].Trim(), ["line"] = line };
        if (NetworkRegistrationParser.ParseLine(line).Value is { } registration)
        {
            Registration(registration, facts);
        }
        else if (MessageIndicationParser.ParseIndication(line).Value is { } indication)
        {
            facts["mem"] = indication.Memory;
            facts["index"] = indication.Index;
        }
        else if (UssdParser.ParseLine(line, charset).Value is { } ussd)
        {
            Ussd(ussd, facts);
        }

        return facts;
    }

    private static void Registration(NetworkRegistration r, JsonObject facts)
    {
        facts["n"] = r.N;
        facts["stat"] = r.Stat;
        facts[r.Domain is RegistrationDomain.Eps or RegistrationDomain.FiveG ? "tac" : "lac"] = r.AreaCode;
        facts["ci"] = r.CellId;
        facts["act"] = r.AccessTechnology;
        facts["rac"] = r.RoutingArea;
        facts["nssai_length"] = r.AllowedNssaiLength;
        facts["nssai"] = r.AllowedNssai;
    }

    private static void Ussd(UssdResponse u, JsonObject facts)
    {
        facts["m"] = u.M;
        facts["str"] = u.Str;
        facts["dcs"] = u.Dcs;
        facts["text"] = u.Text;
        facts["language"] = u.Language;
    }

    private static JsonObject Stored(StoredPdu m, JsonObject facts)
    {
        facts["index"] = m.Index;
        facts["stat"] = m.Stat;
        facts["alpha"] = m.Alpha;
        facts["length"] = m.Length;
        facts["pdu"] = m.Pdu;
        return facts;
    }

    private static void TextMessage(StoredTextMessage m, JsonObject facts)
    {
        facts["stat"] = m.Stat;
        facts[m.IsSubmit ? "da" : "oa"] = m.Address;
        facts["alpha"] = m.Alpha;
        facts["scts"] = m.Timestamp;
        facts[m.IsSubmit ? "toda" : "tooa"] = m.AddressType;
        facts["fo"] = m.FirstOctet;
        facts["pid"] = m.ProtocolId;
        facts["dcs"] = m.DataCoding;
        facts["vp"] = m.RelativeValidityPeriod;
        facts["sca"] = m.ServiceCentre;
        facts["tosca"] = m.ServiceCentreType;
        facts["length"] = m.Length;
        facts["text"] = m.Text;
    }

    private static void Usage(IReadOnlyList<StorageUsage> usage, JsonObject facts, bool names)
    {
        for (var i = 0; i < usage.Count; i++)
        {
            if (names)
            {
                facts[$"mem{i + 1}"] = usage[i].Memory;
            }

            facts[$"used{i + 1}"] = usage[i].Used;
            facts[$"total{i + 1}"] = usage[i].Total;
        }
    }

    // Whether the Sms codec accepts the PDU. Only its own format error counts as a rejection: any other
    // exception is a crash and fails the test.
    private static bool Decodes(string pdu, int? length)
    {
        try
        {
            PduDecoder.Decode(pdu, length);
            return true;
        }
        catch (PduFormatException)
        {
            return false;
        }
    }

    private static bool IsTextMode(JsonObject? context) => context is not null && context["cmgf"]?.GetValue<int>() == 1;

    private static TeCharset Charset(JsonObject? context) => TeText.ParseCharset(context?["cscs"]?.GetValue<string>());

    private static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonObject> map) => new(items.Select(i => (JsonNode?)map(i)).ToArray());

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    private static JsonArray Ints(IEnumerable<int> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    // Structural comparison on values, not on JSON text (escaping differs between the file and our nodes).
    private static bool Same(JsonNode? expected, JsonNode? actual)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case JsonObject eo:
                return actual is JsonObject ao && eo.All(p => ao.TryGetPropertyValue(p.Key, out var v) && Same(p.Value, v));
            case JsonArray ea:
                return actual is JsonArray aa && aa.Count == ea.Count && ea.Zip(aa).All(p => Same(p.First, p.Second));
            default:
                if (actual is not JsonValue value)
                {
                    return false;
                }

                var kind = expected.GetValueKind();
                return kind switch
                {
                    JsonValueKind.String => value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == expected.GetValue<string>(),
                    JsonValueKind.Number => value.GetValueKind() == JsonValueKind.Number && Number(value) == Number(expected),
                    _ => value.GetValueKind() == kind,
                };
        }
    }

    private static decimal Number(JsonNode node) => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static string Show(string? text) => text is null ? "null" : $"\"{text}\"";
}
