using System.CommandLine;
using ReEngage.Gateway.Cli;

var root = new RootCommand("reengage: ReEngage Gateway tools for technicians and integrators.")
{
    PduCommands.Create(),
    SmsCommands.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
