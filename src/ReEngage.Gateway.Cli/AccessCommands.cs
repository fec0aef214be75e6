using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Cli.Doctor;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Cli;

/// <summary>
/// <c>reengage setup-code</c> and <c>reengage reset-password</c>: getting into the dashboard with shell access on the
/// box, when the journal has rolled over or the only admin forgot the password.
/// </summary>
internal static class AccessCommands
{
    /// <summary>Where a password typed with <c>--ask</c> is read from (replaced in tests).</summary>
    internal static Func<string, string?> ReadSecret { get; set; } = ReadFromTerminal;

    public static IEnumerable<Command> Create()
    {
        yield return CreateSetupCode();
        yield return CreateResetPassword();
    }

    private static Option<string?> DataOption() => new("--data") { Description = CliText.Get("The gateway's data directory (default: Gateway:DataDirectory in the settings, else /var/lib/reengage, else ./data).") };

    private static Option<string> SettingsOption() => new("--settings") { Description = CliText.Get("The gateway's settings file."), DefaultValueFactory = _ => "/etc/reengage/appsettings.json" };

    private static Command CreateSetupCode()
    {
        var data = DataOption();
        var settings = SettingsOption();
        var command = new Command("setup-code", CliText.Get("Print the one-time setup code that creates the dashboard's admin account (kept in the data directory until it is used).")) { data, settings };
        command.SetAction(parse =>
        {
            var context = new DoctorContext { DataDirectory = parse.GetValue(data), SettingsFile = parse.GetValue(settings)! };
            var directory = context.ResolveDataDirectory();
            if (SetupCodeFile.Read(directory) is not { } code)
            {
                parse.InvocationConfiguration.Error.WriteLine(CliText.Get("reengage: there is no setup code in {0}: the admin account exists already (reengage reset-password <user> sets a new password), or the gateway has not started yet.", directory));
                return ExitCodes.BadInput;
            }

            parse.InvocationConfiguration.Output.WriteLine(code);
            parse.InvocationConfiguration.Error.WriteLine(CliText.Get("Open the dashboard's /setup page (e.g. {0}/setup) and enter it to create the admin account.", context.ResolveUrl()));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateResetPassword()
    {
        var user = new Argument<string>("user") { Description = CliText.Get("The dashboard user name.") };
        var ask = new Option<bool>("--ask") { Description = CliText.Get("Type the new password (twice) instead of getting a generated one.") };
        var data = DataOption();
        var settings = SettingsOption();
        var command = new Command("reset-password", CliText.Get("Set a new password for a dashboard user (a generated one is printed); their sessions end and a lock-out is lifted.")) { user, ask, data, settings };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var context = new DoctorContext { DataDirectory = parse.GetValue(data), SettingsFile = parse.GetValue(settings)! };
            string password;
            if (parse.GetValue(ask))
            {
                var first = ReadSecret(CliText.Get("New password (at least 10 characters): "));
                var second = ReadSecret(CliText.Get("The same again: "));
                if (first is not { Length: >= 10 and <= 200 })
                {
                    error.WriteLine(CliText.Get("reengage: the password needs 10 to 200 characters; nothing was changed"));
                    return ExitCodes.BadInput;
                }

                if (first != second)
                {
                    error.WriteLine(CliText.Get("reengage: the two passwords differ; nothing was changed"));
                    return ExitCodes.BadInput;
                }

                password = first;
            }
            else
            {
                password = Generate();
            }

            try
            {
                await using var db = Open(context);
                if (db is null)
                {
                    error.WriteLine(CliText.Get("reengage: there is no database at {0} (use --data to point at the gateway's data directory)", Path.Combine(context.ResolveDataDirectory(), "gateway.db")));
                    return ExitCodes.BadInput;
                }

                var name = parse.GetValue(user)!.Trim().ToLowerInvariant();
                var account = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, cancellationToken);
                if (account is null)
                {
                    var known = await db.Users.OrderBy(u => u.UserName).Select(u => u.UserName).ToListAsync(cancellationToken);
                    error.WriteLine(CliText.Get("reengage: there is no dashboard user '{0}' (users: {1})", name, known.Count > 0 ? string.Join(", ", known) : "—"));
                    return ExitCodes.BadInput;
                }

                account.PasswordHash = new PasswordHasher<DashboardUser>().HashPassword(account, password);
                // A new stamp ends every session signed in with the old password; the lock-out goes with it.
                account.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
                account.FailedLogins = 0;
                account.LockedUntil = null;
                await db.SaveChangesAsync(cancellationToken);
                if (parse.GetValue(ask))
                {
                    output.WriteLine(CliText.Get("The password of {0} is changed; their open sessions have ended.", name));
                }
                else
                {
                    output.WriteLine(password);
                    error.WriteLine(CliText.Get("The password of {0} is changed to the one above (shown once; they can sign in with it now); their open sessions have ended.", name));
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is DbUpdateException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or InvalidOperationException)
            {
                error.WriteLine(CliText.Get("reengage: the password was not changed: {0}", ex.Message));
                return ExitCodes.DeviceError;
            }
        });
        return command;
    }

    /// <summary>The gateway's database as its settings name it (SQLite in the data directory, or the fleet's PostgreSQL); null when there is none.</summary>
    private static GatewayDbContext? Open(DoctorContext context)
    {
        var builder = new DbContextOptionsBuilder<GatewayDbContext>();
        if (string.Equals(context.Setting("Gateway:Database:Provider"), "Postgres", StringComparison.OrdinalIgnoreCase)
            && context.Setting("Gateway:Database:ConnectionString") is { Length: > 0 } connection)
        {
            DatabaseSetup.UsePostgres(builder, connection);
            return new GatewayDbContext(builder.Options);
        }

        var file = Path.Combine(context.ResolveDataDirectory(), "gateway.db");
        if (!File.Exists(file))
        {
            return null;
        }

        DatabaseSetup.UseSqlite(builder, $"Data Source={file};Pooling=False");
        return new GatewayDbContext(builder.Options);
    }

    /// <summary>Four groups of four from letters and digits that are never misread (no 0/O, 1/l/I): about 78 bits.</summary>
    private static string Generate()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        return string.Join('-', Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(alphabet, 4)));
    }

    private static string? ReadFromTerminal(string prompt)
    {
        Console.Error.Write(prompt);
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        // Not echoed: the password is not left on the screen or in a terminal recording.
        var typed = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return typed.ToString();
    }
}
