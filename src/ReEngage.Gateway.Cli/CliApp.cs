using System.CommandLine;
using System.CommandLine.Help;

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
        foreach (var command in BackupCommands.Create().Concat(AccessCommands.Create()))
        {
            root.Subcommands.Add(command);
        }

        // System.CommandLine's own Italian leaves --help's line in English: say it in the terminal's language.
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Description = CliText.Get("Show help and usage information");
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
