using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Cli.Tests;

/// <summary>A technician with shell access on the box: the setup code from the data directory, a forgotten password reset.</summary>
[Collection(nameof(AccessCommandTests))] // ReadSecret is process-wide
public sealed class AccessCommandTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("reengage-access-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
    }

    private string Settings => Path.Combine(data, "none.json");

    [Fact]
    public async Task SetupCode_PrintsTheCodeTheGatewayKept_AndSaysWhenThereIsNone()
    {
        var (exit, output, error) = await CliRunner.Run("setup-code", "--data", data, "--settings", Settings);
        Assert.Equal(2, exit);
        Assert.Contains("reset-password", error, StringComparison.Ordinal);

        SetupCodeFile.Write(data, "4821-0937");
        (exit, output, error) = await CliRunner.Run("setup-code", "--data", data, "--settings", Settings);
        Assert.True(exit == 0, error);
        Assert.Equal("4821-0937", output.Trim());
        Assert.Contains("/setup", error, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            // Only the gateway's user reads it.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SetupCodeFile.PathIn(data)));
        }
    }

    [Fact]
    public async Task ResetPassword_PrintsAGeneratedPassword_ThatSignsIn_AndEndsTheOldSessions()
    {
        var (stamp, _) = await UserAsync("Maria", locked: true);

        var (exit, output, error) = await CliRunner.Run("reset-password", "maria", "--data", data, "--settings", Settings);

        Assert.True(exit == 0, error);
        var password = output.Trim();
        Assert.Matches("^[a-z2-9]{4}(-[a-z2-9]{4}){3}$", password);
        var user = await ReadAsync("maria");
        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<DashboardUser>().VerifyHashedPassword(user, user.PasswordHash, password));
        Assert.NotEqual(stamp, user.SecurityStamp);
        Assert.Null(user.LockedUntil);
        Assert.Equal(0, user.FailedLogins);
    }

    [Fact]
    public async Task ResetPassword_Ask_TakesThePasswordTypedTwice_AndRefusesTwoDifferentOnes()
    {
        await UserAsync("luca");
        var previous = AccessCommands.ReadSecret;
        try
        {
            var typed = new Queue<string>(["correct horse battery", "correct horse batery"]);
            AccessCommands.ReadSecret = _ => typed.Dequeue();
            var (exit, _, error) = await CliRunner.Run("reset-password", "luca", "--ask", "--data", data, "--settings", Settings);
            Assert.Equal(2, exit);
            Assert.Contains("differ", error, StringComparison.Ordinal);

            typed = new Queue<string>(["correct horse battery", "correct horse battery"]);
            (exit, var output, error) = await CliRunner.Run("reset-password", "luca", "--ask", "--data", data, "--settings", Settings);
            Assert.True(exit == 0, error);
            Assert.DoesNotContain("correct horse", output, StringComparison.Ordinal);
            var user = await ReadAsync("luca");
            Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<DashboardUser>().VerifyHashedPassword(user, user.PasswordHash, "correct horse battery"));
        }
        finally
        {
            AccessCommands.ReadSecret = previous;
        }
    }

    [Fact]
    public async Task ResetPassword_ForAnUnknownUser_NamesTheUsersThereAre()
    {
        await UserAsync("admin");
        var (exit, _, error) = await CliRunner.Run("reset-password", "root", "--data", data, "--settings", Settings);
        Assert.Equal(2, exit);
        Assert.Contains("'root'", error, StringComparison.Ordinal);
        Assert.Contains("admin", error, StringComparison.Ordinal);
    }

    private GatewayDbContext Db()
    {
        var builder = new DbContextOptionsBuilder<GatewayDbContext>();
        DatabaseSetup.UseSqlite(builder, $"Data Source={Path.Combine(data, "gateway.db")};Pooling=False");
        return new GatewayDbContext(builder.Options);
    }

    /// <summary>A gateway database (migrated as the gateway does) with one user.</summary>
    private async Task<(string Stamp, int Id)> UserAsync(string name, bool locked = false)
    {
        await using var db = Db();
        await db.Database.MigrateAsync();
        var user = new DashboardUser { UserName = name.ToLowerInvariant(), Role = DashboardRole.Admin, PasswordHash = "x", SecurityStamp = "OLD", CreatedAt = DateTimeOffset.UtcNow, FailedLogins = locked ? 3 : 0, LockedUntil = locked ? DateTimeOffset.UtcNow.AddMinutes(10) : null };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (user.SecurityStamp, user.Id);
    }

    private async Task<DashboardUser> ReadAsync(string name)
    {
        await using var db = Db();
        return await db.Users.AsNoTracking().SingleAsync(u => u.UserName == name);
    }
}
