using System.CommandLine;

namespace ReEngage.Gateway.Cli;

/// <summary>The <c>reengage</c> command tree.</summary>
internal static class CliApp
{
    public static RootCommand Create()
    {
        var root = new RootCommand(CliText.Get("reengage: ReEngage Gateway tools for technicians and integrators."))
        {
            PduCommands.Create(),
            SmsCommands.Create(),
            ModemCommands.Create(),
            ModemCommands.CreateAt(),
            DatabaseCommands.Create(),
            Doctor.DoctorCommand.Create(),
        };
        foreach (var command in BackupCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>
    /// Parses a command line. Response files are off: a text or number starting with <c>@</c>
    /// ("@home: 20% off", an SMS body) is an argument, not a file to read arguments from.
    /// </summary>
    public static ParseResult Parse(IReadOnlyList<string> args) =>
        Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
}
