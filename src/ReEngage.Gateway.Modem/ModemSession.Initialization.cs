using System.Globalization;
using ReEngage.Gateway.Modem.At.Replies;

namespace ReEngage.Gateway.Modem;

/// <summary>
/// Bringing a modem up: waking it, the SIM (a PIN entered at most once), new-message indications,
/// storage, and who the modem and its SIM are.
/// </summary>
public sealed partial class ModemSession
{
    private async Task WakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await channel.SynchronizeAsync(options.WakeAttempts, TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
        catch (ModemTimeoutException)
        {
            // Booting modems stay silent for a while (Quectel up to 30 s); past the attempts it is mute.
            throw new ModemTimeoutException("AT", TimeSpan.FromMilliseconds(500 * options.WakeAttempts));
        }
    }

    private async Task UnlockSimAsync(CancellationToken cancellationToken)
    {
        var pinEntered = false;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var answer = await channel.ExecuteAsync("AT+CPIN?", options.PinTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!answer.IsOk)
            {
                var error = ModemErrors.Classify(answer.Final);
                if (error is { Kind: ModemErrorKind.Cme, Code: 10 } or { Kind: ModemErrorKind.Cms, Code: 310 })
                {
                    throw new SimNotReadyException("NOT INSERTED", $"{Name}: no SIM card is inserted (or it is not making contact).");
                }

                if (error.Class == ModemErrorClass.RetrySameModem)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
                    continue; // +CME ERROR: 14, SIM busy: it is still starting
                }

                throw new SimNotReadyException("ERROR", $"{Name}: the SIM state cannot be read: {answer.Final} ({error.Meaning}).");
            }

            var state = (answer.Value("+CPIN:") ?? "READY").Trim().Trim('"').ToUpperInvariant();
            switch (state)
            {
                case "READY":
                    return;
                case "SIM PIN" when options.Pin is null:
                    throw new SimNotReadyException(state, $"{Name}: the SIM asks for a PIN and none is configured (Gateway:Modems:<n>:Pin).");
                case "SIM PIN" when pinEntered:
                    await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken).ConfigureAwait(false);
                    continue;
                case "SIM PIN":
                {
                    pinEntered = true; // once: a wrong PIN retried locks the SIM
                    var entered = await channel.ExecuteAsync($"AT+CPIN=\"{options.Pin}\"", options.PinTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (!entered.IsOk)
                    {
                        throw new SimNotReadyException(state, $"{Name}: the SIM refused the configured PIN ({ModemErrors.Classify(entered.Final).Meaning}). It will not be tried again: check the PIN before restarting, a SIM locks after 3 wrong PINs.");
                    }

                    continue;
                }

                case "SIM PUK" or "SIM PUK2":
                    throw new SimNotReadyException(state, $"{Name}: the SIM is locked and needs its PUK: unlock it in a phone.");
                default:
                    throw new SimNotReadyException(state, $"{Name}: the SIM needs \"{state}\", which the gateway cannot enter.");
            }
        }

        throw new SimNotReadyException("BUSY", $"{Name}: the SIM did not become ready.");
    }

    private async Task ConfigureIndicationsAsync(CancellationToken cancellationToken)
    {
        foreach (var setting in Profile.IndicationSettings)
        {
            if (await TryAsync($"AT+CNMI={setting}", cancellationToken).ConfigureAwait(false))
            {
                indicationSetting = setting;
                SessionLog.Indications(logger, Name, setting);
                return;
            }
        }

        SessionLog.NoIndications(logger, Name);
    }

    private async Task SelectStorageAsync(string memory, CancellationToken cancellationToken)
    {
        var answer = await channel.ExecuteAsync($"AT+CPMS=\"{memory}\",\"{memory}\",\"{memory}\"", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk)
        {
            answer = await channel.ExecuteAsync($"AT+CPMS=\"{memory}\"", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (answer.IsOk && memory == "SM" && answer.Value("+CPMS:") is { } text)
        {
            var fields = text.Split(',');
            if (fields.Length >= 2 && int.TryParse(fields[0], CultureInfo.InvariantCulture, out var used) && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var total))
            {
                Storage = (used, total);
                if (total > 0 && used * 5 >= total * 4)
                {
                    SessionLog.StorageAlmostFull(logger, Name, used, total);
                }
            }
        }
    }

    private async Task<string?> ReadIccidAsync(CancellationToken cancellationToken)
    {
        foreach (var command in Profile.IccidCommands)
        {
            var answer = await channel.ExecuteAsync(command, options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (answer.IsOk && answer.Lines.Count > 0)
            {
                if (IccidParser.Parse(answer.Lines).Value is { } iccid)
                {
                    return iccid;
                }

                var line = answer.Lines[0];
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                return NormalizeIccid(colon >= 0 ? line[(colon + 1)..] : line); // not a valid ICCID: kept as read
            }
        }

        return null;
    }

    private async Task<string?> ReadServiceCentreAsync(CancellationToken cancellationToken)
    {
        var answer = await channel.ExecuteAsync("AT+CSCA?", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk || ServiceCentreParser.Parse(answer.Lines).Value is not { IsConfigured: true } centre)
        {
            SessionLog.NoServiceCentre(logger, Name, answer.Final);
            return null;
        }

        return centre.Address;
    }

    // The ICCID in reading order (IccidParser: nibble-swapped, F-padded, quoted); a field that is no valid
    // ICCID is kept as read, unquoted, for the technician to see.
    internal static string? NormalizeIccid(string? raw) =>
        raw is null ? null : IccidParser.Normalize(raw).Value ?? raw.Trim().Trim('"');

    private static string? Digits(string? value) => value is null ? null : new string([.. value.Where(char.IsAsciiDigit)]);
}
