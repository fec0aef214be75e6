namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>
/// The AT command set the simulated modem answers: one table from command to reply, with the SIM's PIN
/// states. Runs under the modem's lock; a null reply is an unknown command (ERROR).
/// </summary>
public sealed partial class SimulatedModem
{
    // null reply = unknown command.
    private (string[]? Reply, int? Prompt) Execute(string body, string original)
    {
        lock (sync)
        {
            if ((ExecuteMessageService(body) ?? ExecuteRelayLink(body)) is { } serviceReply)
            {
                return (serviceReply, null);
            }

            switch (body)
            {
                case "":
                case "Z":
                case "&F":
                case "V1":
                    return (["OK"], null);
                case "+CMEE=1":
                case "+CMEE=2":
                case "+CMEE=0":
                    cmee = body[^1] - '0';
                    return (["OK"], null);
                case "+CMEE?":
                    return ([$"+CMEE: {cmee}", "OK"], null);
                case "+CSCS?":
                    return (["+CSCS: \"GSM\"", "OK"], null);
                case "E0":
                    echo = false;
                    return (["OK"], null);
                case "E1":
                    echo = true;
                    return (["OK"], null);
                case "I":
                    return ([Manufacturer, Model, $"Revision: {Revision}", "OK"], null);
                case "+CGMI":
                    return ([Manufacturer, "OK"], null);
                case "+CGMM":
                    return ([Model, "OK"], null);
                case "+CGMR":
                    return ([Revision, "OK"], null);
                case "+CGSN":
                    return ([options.Imei, "OK"], null);
                case "+CFUN?":
                    return (["+CFUN: 1", "OK"], null);
                case "+CFUN=1":
                    return (["OK"], null);
                case "+CPIN?":
                    return pinState == "NOT INSERTED" ? (["+CME ERROR: 10"], null) : ([$"+CPIN: {pinState}", "OK"], null);
                case "^CURC=0":
                    return IsHuawei ? (["OK"], null) : (null, null);
                case "+CSQ":
                    return ([$"+CSQ: {rssi},99", "OK"], null);
                case "+CREG?":
                    return ([cregMode == 2 ? $"+CREG: 2,{registration},\"1A2B\",\"00C3F1\"" : $"+CREG: {cregMode},{registration}", "OK"], null);
                case "+CGREG?":
                    return ([$"+CGREG: 0,{registration}", "OK"], null);
                case "+CEREG?":
                    return options.Dialect == SimulatedDialect.Sim800 ? (null, null) : ([$"+CEREG: 0,{registration}", "OK"], null);
                case "+COPS?":
                    return registration is 1 or 5 ? ([$"+COPS: 0,0,\"{options.Operator}\",{(options.Dialect == SimulatedDialect.Sim800 ? 0 : 7)}", "OK"], null) : (["+COPS: 0", "OK"], null);
                case "+CMGF?":
                    return ([$"+CMGF: {cmgf}", "OK"], null);
                case "+CMGF=0":
                    cmgf = 0;
                    return (["OK"], null);
                case "+CMGF=1":
                    cmgf = 1;
                    return (["OK"], null);
                case "+CNMI=?":
                    return ([SupportsReportStorage ? "+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)" : "+CNMI: (0-2),(0-3),(0,2),(0,1),(0,1)", "OK"], null);
                case "+CPMS=?":
                    return ([SupportsReportStorage ? "+CPMS: (\"SM\",\"ME\",\"SR\"),(\"SM\",\"ME\"),(\"SM\",\"ME\")" : "+CPMS: (\"SM\",\"ME\"),(\"SM\",\"ME\"),(\"SM\",\"ME\")", "OK"], null);
                case "+CPMS?":
                    return ([$"+CPMS: \"{readMemory}\",{Memory(readMemory).Count},{options.StorageCapacity},\"SM\",{sm.Count},{options.StorageCapacity},\"SM\",{sm.Count},{options.StorageCapacity}", "OK"], null);
                case "+CSCA?":
                    return ([$"+CSCA: \"{options.ServiceCentre}\",145", "OK"], null);
                case "+CIMI":
                    return RequireSim([options.Imsi, "OK"]);
                case "+CCID":
                case "+ICCID":
                case "^ICCID?":
                case "+QCCID":
                    return RequireSim([$"{(body.StartsWith('^') ? "^ICCID" : body.Replace("?", string.Empty, StringComparison.Ordinal))}: {options.Iccid}", "OK"]);
            }

            if (body.StartsWith("+CPIN=", StringComparison.Ordinal))
            {
                return EnterPin(original["+CPIN=".Length..].Trim('"'));
            }

            if (body.StartsWith("+CREG=", StringComparison.Ordinal) || body.StartsWith("+CGREG=", StringComparison.Ordinal) || body.StartsWith("+CEREG=", StringComparison.Ordinal))
            {
                if (body.StartsWith("+CEREG", StringComparison.Ordinal) && options.Dialect == SimulatedDialect.Sim800)
                {
                    return (null, null);
                }

                if (body.StartsWith("+CREG=", StringComparison.Ordinal))
                {
                    cregMode = ParseInt(body[6..]);
                }

                return (["OK"], null);
            }

            if (body.StartsWith("+CSCS=", StringComparison.Ordinal) || body.StartsWith("+CSCA=", StringComparison.Ordinal))
            {
                return (["OK"], null);
            }

            if (pinState != "READY" && (body.StartsWith("+CMG", StringComparison.Ordinal) || body.StartsWith("+CNMI", StringComparison.Ordinal) || body.StartsWith("+CPMS", StringComparison.Ordinal)))
            {
                return ([pinState == "NOT INSERTED" ? "+CMS ERROR: 310" : pinState == "SIM PUK" ? "+CMS ERROR: 316" : "+CMS ERROR: 311"], null);
            }

            if (body.StartsWith("+CNMI=", StringComparison.Ordinal))
            {
                var fields = body[6..].Split(',');
                var mt = fields.Length > 1 ? ParseInt(fields[1]) : 0;
                var ds = fields.Length > 3 ? ParseInt(fields[3]) : 0;
                if (ds == 2 && !SupportsReportStorage)
                {
                    return (["+CMS ERROR: 303"], null);
                }

                cnmiMt = mt;
                cnmiDs = ds;
                return (["OK"], null);
            }

            if (body.StartsWith("+CPMS=", StringComparison.Ordinal))
            {
                var first = body[6..].Split(',')[0].Trim('"');
                if (first is not ("SM" or "ME" or "MT") && !(first == "SR" && SupportsReportStorage))
                {
                    return (["+CMS ERROR: 302"], null);
                }

                readMemory = first == "SR" ? "SR" : "SM";
                var used = Memory(readMemory).Count;
                return ([$"+CPMS: {used},{options.StorageCapacity},{sm.Count},{options.StorageCapacity},{sm.Count},{options.StorageCapacity}", "OK"], null);
            }

            if (body.StartsWith("+CMGS=", StringComparison.Ordinal))
            {
                if (cmgf != 0)
                {
                    return (["+CMS ERROR: 302"], null);
                }

                var length = ParseInt(body[6..]);
                return length is < 7 or > 164 ? (["+CMS ERROR: 304"], null) : (null, length);
            }

            if (body.StartsWith("+CMGR=", StringComparison.Ordinal))
            {
                var index = ParseInt(body[6..]);
                var memory = Memory(readMemory);
                if (!memory.TryGetValue(index, out var stored))
                {
                    return (["+CMS ERROR: 321"], null);
                }

                var status = stored.Unread ? 0 : 1;
                stored.Unread = false;
                return ([$"+CMGR: {status},,{stored.TpduLength}", Convert.ToHexString(stored.Pdu), "OK"], null);
            }

            if (body.StartsWith("+CMGD=", StringComparison.Ordinal))
            {
                var fields = body[6..].Split(',');
                var index = ParseInt(fields[0]);
                var flag = fields.Length > 1 ? ParseInt(fields[1]) : 0;
                var memory = Memory(readMemory);
                if (flag == 4)
                {
                    SettleStored(memory.Values);
                    memory.Clear();
                }
                else if (memory.Remove(index, out var deleted))
                {
                    SettleStored([deleted]);
                }
                else if (flag == 0)
                {
                    return (["+CMS ERROR: 321"], null);
                }

                DeliverWaiting();
                ReleaseHeldBackLocked();
                return (["OK"], null);
            }

            if (body.StartsWith("+CMGL", StringComparison.Ordinal))
            {
                if (cmgf != 0 || (body != "+CMGL=4" && body != "+CMGL"))
                {
                    return (["+CMS ERROR: 302"], null);
                }

                var lines = new List<string>();
                foreach (var (index, stored) in Memory(readMemory))
                {
                    lines.Add($"+CMGL: {index},{(stored.Unread ? 0 : 1)},,{stored.TpduLength}");
                    lines.Add(Convert.ToHexString(stored.Pdu));
                    stored.Unread = false;
                }

                lines.Add("OK");
                return ([.. lines], null);
            }

            if (body.StartsWith("+CUSD=", StringComparison.Ordinal))
            {
                _ = AnswerUssdLaterAsync();
                return (["OK"], null);
            }

            return (null, null);
        }
    }

    private (string[]? Reply, int? Prompt) RequireSim(string[] reply) =>
        pinState == "NOT INSERTED" ? (["+CME ERROR: 10"], null) : pinState != "READY" ? (["+CME ERROR: 11"], null) : (reply, null);

    private (string[]? Reply, int? Prompt) EnterPin(string pin)
    {
        if (pinState == "READY")
        {
            return (["+CME ERROR: 3"], null);
        }

        if (pinState != "SIM PIN")
        {
            return ([pinState == "NOT INSERTED" ? "+CME ERROR: 10" : "+CME ERROR: 12"], null);
        }

        if (pin == options.Pin)
        {
            pinState = "READY";
            pinAttempts = 3;
            return (["OK"], null);
        }

        if (--pinAttempts == 0)
        {
            pinState = "SIM PUK";
        }

        return (["+CME ERROR: 16"], null);
    }
}
