namespace ReEngage.Gateway.Core.Modems;

/// <summary>The modems the gateway knows by name (configured or simulated).</summary>
public interface IModemDirectory
{
    IReadOnlyList<string> Names { get; }
}
