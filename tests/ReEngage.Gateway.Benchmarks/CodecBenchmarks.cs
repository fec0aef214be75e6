using BenchmarkDotNet.Attributes;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Benchmarks;

/// <summary>
/// Part encodes (PDU bytes and its hex string: the only allocation) and decodes, for 1- and 3-part
/// GSM-7 and UCS-2 messages. Run: dotnet run -c Release --project tests/ReEngage.Gateway.Benchmarks -- --filter '*Codec*'
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private static readonly SmsSubmitOptions Options = new() { StatusReport = true, Reference = 42 };
    private readonly byte[] buffer = new byte[SmsSubmitEncoder.MaxPduLength];
    private string gsm7Part = string.Empty;
    private string ucs2Part = string.Empty;
    private string gsm7Single = string.Empty;
    private string ucs2Single = string.Empty;
    private string[] gsm7ThreePdus = [];
    private string[] ucs2ThreePdus = [];
    private string gsm7Three = string.Empty;
    private string ucs2Three = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        gsm7Single = "Hi Anna, we miss you! 20% off everything this weekend with code BACK20 - see you soon {shop} https://s.example/a1";
        ucs2Single = "Ciao Anna 😀 ti aspettiamo! -20% su tutto questo weekend";
        gsm7Three = string.Concat(Enumerable.Repeat("Welcome back to the shop, spring sale on now! ", 10))[..450];
        ucs2Three = string.Concat(Enumerable.Repeat("Скидка 20% на всё — ждём вас! ", 7))[..200];
        gsm7Part = gsm7Three[..153];
        ucs2Part = ucs2Three[..67];
        gsm7ThreePdus = [.. SmsSubmitEncoder.Encode("+393331234567", gsm7Three, Options).Parts.Select(p => p.Pdu)];
        ucs2ThreePdus = [.. SmsSubmitEncoder.Encode("+393331234567", ucs2Three, Options).Parts.Select(p => p.Pdu)];
    }

    [Benchmark(Description = "encode part: GSM-7 single (bytes + hex)")]
    public string EncodeGsm7Single() => EncodeHex(gsm7Single, SmsEncoding.Gsm7, new SmsPartPosition(1, 1));

    [Benchmark(Description = "encode part: GSM-7 1 of 3 (bytes + hex)")]
    public string EncodeGsm7ConcatenatedPart() => EncodeHex(gsm7Part, SmsEncoding.Gsm7, new SmsPartPosition(1, 3));

    [Benchmark(Description = "encode part: UCS-2 single (bytes + hex)")]
    public string EncodeUcs2Single() => EncodeHex(ucs2Single, SmsEncoding.Ucs2, new SmsPartPosition(1, 1));

    [Benchmark(Description = "encode part: UCS-2 1 of 3 (bytes + hex)")]
    public string EncodeUcs2ConcatenatedPart() => EncodeHex(ucs2Part, SmsEncoding.Ucs2, new SmsPartPosition(1, 3));

    [Benchmark(Description = "encode message: GSM-7 3 parts (segment + encode)")]
    public SmsSubmitMessage EncodeGsm7Message() => SmsSubmitEncoder.Encode("+393331234567", gsm7Three, Options);

    [Benchmark(Description = "encode message: UCS-2 3 parts (segment + encode)")]
    public SmsSubmitMessage EncodeUcs2Message() => SmsSubmitEncoder.Encode("+393331234567", ucs2Three, Options);

    [Benchmark(Description = "decode: GSM-7 3 parts")]
    public int DecodeGsm7ThreeParts()
    {
        var total = 0;
        foreach (var pdu in gsm7ThreePdus)
        {
            total += ((SmsSubmit)PduDecoder.Decode(pdu, hasServiceCentre: true)).UserData.Text.Length;
        }

        return total;
    }

    [Benchmark(Description = "decode: UCS-2 3 parts")]
    public int DecodeUcs2ThreeParts()
    {
        var total = 0;
        foreach (var pdu in ucs2ThreePdus)
        {
            total += ((SmsSubmit)PduDecoder.Decode(pdu, hasServiceCentre: true)).UserData.Text.Length;
        }

        return total;
    }

    private string EncodeHex(string text, SmsEncoding encoding, SmsPartPosition position)
    {
        var length = SmsSubmitEncoder.EncodePart("+393331234567", text, encoding, position, Options, buffer, out _);
        return Convert.ToHexString(buffer, 0, length);
    }
}
