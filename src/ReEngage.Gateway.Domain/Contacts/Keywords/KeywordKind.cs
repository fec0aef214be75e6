namespace ReEngage.Gateway.Core.Marketing;

/// <summary>What an inbound keyword asks for.</summary>
public enum KeywordKind
{
    /// <summary>Stop marketing to this number (STOP, BASTA, BAJA…).</summary>
    OptOut,

    /// <summary>Start again (START): only the person may opt back in.</summary>
    OptIn,

    /// <summary>Send the help reply (HELP, AIUTO…).</summary>
    Help,
}
