#!/usr/bin/python3
"""Gammu as the reference for the differential tests (Debian's python3-gammu).

stdin:  {"decode": ["<hex pdu with SMSC field>", ...], "generate": {"seed": N, "count": N}}
stdout: {"decoded": [{...} | {"error": "..."}], "generated": [{"text", "unicode", "parts": [...]}]}
"""
import binascii
import datetime
import json
import random
import sys

import gammu

GSM = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
EXTENSION = "^{}\\[~]|€"
OTHER = "жЖшЩ中文ç’—😀🎉"
NUMBERS = ["+393331234567", "+447700900123", "0612345678", "+15551234567", "12345", "+8613800138000"]


def describe(message):
    udh = message["UDH"]
    concatenated = udh["Type"] in ("ConcatenatedMessages", "ConcatenatedMessages16bit")
    return {
        "type": message["Type"],
        "number": message["Number"],
        "text": text(message),
        "coding": message["Coding"],
        "reference": (udh["ID16bit"] if udh["Type"].endswith("16bit") else udh["ID8bit"]) if concatenated else None,
        "part": udh["PartNumber"] if concatenated else None,
        "parts": udh["AllParts"] if concatenated else None,
        "messageReference": message["MessageReference"],
        "deliveryStatus": message["DeliveryStatus"],
    }


def text(message):
    value = message["Text"]
    if not isinstance(value, str):
        return binascii.hexlify(value).decode()
    # python-gammu returns Length characters, and for 7-bit text Length counts septets: with
    # extension characters (two septets each) the string runs past the terminating NUL into
    # uninitialised memory. No GSM character decodes to U+0000, so the text ends at the first NUL.
    return value.split("\x00", 1)[0]


def decode(hexpdu):
    try:
        return describe(gammu.DecodePDU(binascii.unhexlify(hexpdu), True))
    except Exception as error:  # gammu raises its own error classes per code
        return {"error": str(error)}


def random_text(rng):
    unicode = rng.random() < 0.4
    # Gammu writes '~' as U+0001 in UCS-2 PDUs (its internal escape leaks out), so '~' stays out
    # of Gammu-encoded UCS-2 texts: the comparison is about decoding, not that encoder bug.
    pool = (GSM + EXTENSION * 3).replace("~", "") + OTHER if unicode else GSM + EXTENSION * 3
    length = rng.choice([1, 5, 70, 71, 134, 152, 153, 154, 160, 161, 200, 306, 307, rng.randint(1, 400)])
    return "".join(rng.choice(pool) for _ in range(length)), unicode


def generate(seed, count):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        text, unicode = random_text(rng)
        entry = "ConcatenatedTextLong16bit" if rng.random() < 0.2 else "ConcatenatedTextLong"
        parts = gammu.EncodeSMS({"Class": -1, "Unicode": unicode, "Entries": [{"ID": entry, "Buffer": text}]})
        number = rng.choice(NUMBERS)
        encoded = []
        for part in parts:
            part["SMSC"] = {"Location": 0, "Number": "+393359609600"}
            part["Number"] = number
            part["DateTime"] = datetime.datetime(2024, 5, 6, 7, 8, 9)
            pdu = bytearray(gammu.EncodePDU(part, "Deliver"))
            # python-gammu writes the SUBMIT TP-MTI (01) in its Deliver layout; SMS-DELIVER is 00.
            pdu[pdu[0] + 1] &= 0xFC
            encoded.append(dict(decode(binascii.hexlify(pdu).decode()), pdu=binascii.hexlify(pdu).decode().upper()))
        out.append({"text": text, "number": number, "parts": encoded})
    return out


def main():
    request = json.load(sys.stdin)
    response = {"decoded": [decode(p) for p in request.get("decode", [])]}
    if "generate" in request:
        response["generated"] = generate(request["generate"]["seed"], request["generate"]["count"])
    # ASCII escapes carry lone surrogates (Gammu splits pairs across parts) intact to .NET.
    json.dump(response, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
