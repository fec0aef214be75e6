namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>What each imitated family says it is (AT+CGMI, AT+CGMM, AT+CGMR): how the gateway picks its profile.</summary>
public sealed partial class SimulatedModem
{
    private string Manufacturer => options.Dialect switch
    {
        SimulatedDialect.Sim800 => "SIMCOM_Ltd",
        SimulatedDialect.QuectelEc25 => "Quectel",
        SimulatedDialect.HuaweiE173 => "huawei",
        _ => "ReEngage",
    };

    private string Model => options.Dialect switch
    {
        SimulatedDialect.Sim800 => "SIMCOM_SIM800L",
        SimulatedDialect.QuectelEc25 => "EC25",
        SimulatedDialect.HuaweiE173 => "E173",
        _ => "Simulated GSM Modem",
    };

    private string Revision => options.Dialect switch
    {
        SimulatedDialect.Sim800 => "1418B04SIM800L24",
        SimulatedDialect.QuectelEc25 => "EC25EFAR06A06M4G",
        SimulatedDialect.HuaweiE173 => "11.126.85.00.209",
        _ => "1.0",
    };
}
