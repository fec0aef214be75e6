namespace ReEngage.Gateway.Cli.Tests;

/// <summary>reengage db migrate-to-postgres refuses bad input with a readable message (the copy itself is proven in the gateway's fleet tests).</summary>
public sealed class DatabaseCommandTests
{
    [Fact]
    public async Task AMissingAppliance_IsNamed_WithExitCode2()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"reengage-none-{Guid.NewGuid():N}", "gateway.db");
        var (exit, _, error) = await CliRunner.Run("db", "migrate-to-postgres", "--from", missing, "--to", "Host=127.0.0.1;Database=fleet");
        Assert.Equal(2, exit);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadConnectionString_IsRefusedBeforeAnythingIsTouched()
    {
        var (exit, _, error) = await CliRunner.Run("db", "migrate-to-postgres", "--from", "gateway.db", "--to", "Host=db;Nonsense=1");
        Assert.Equal(2, exit);
        Assert.Contains("not a valid PostgreSQL connection string", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandIsListed_WithItsOptions()
    {
        var (exit, output, _) = await CliRunner.Run("db", "migrate-to-postgres", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--from", output, StringComparison.Ordinal);
        Assert.Contains("--to", output, StringComparison.Ordinal);
    }
}
