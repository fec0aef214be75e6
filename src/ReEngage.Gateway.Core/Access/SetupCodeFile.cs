using System.Security.Cryptography;

namespace ReEngage.Gateway.Core.Security;

/// <summary>
/// The one-time setup code, kept in the data directory until the admin account exists: a restart prints the
/// same code (the first one a technician finds in the journal still works), and <c>reengage setup-code</c>
/// reads it on the box. Only the gateway's user (and root) can read the file; the database keeps only its hash.
/// </summary>
public static class SetupCodeFile
{
    public const string FileName = "setup-code";

    public static string PathIn(string dataDirectory) => System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), FileName);

    /// <summary>The code kept in the data directory, or null when there is none (setup done, or never started).</summary>
    public static string? Read(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } code ? code : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A new random code, e.g. 4821-0937 (10^8 values; setup pauses after 10 wrong ones).</summary>
    public static string NewCode() => $"{RandomNumberGenerator.GetInt32(1000, 10000)}-{RandomNumberGenerator.GetInt32(1000, 10000)}";

    public static void Write(string dataDirectory, string code)
    {
        var path = PathIn(dataDirectory);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(code);
    }

    /// <summary>Removes the code once it was used: it opens nothing any more.</summary>
    public static void Delete(string dataDirectory)
    {
        try
        {
            File.Delete(PathIn(dataDirectory));
        }
        catch (IOException)
        {
            // A read-only data directory: the code is dead anyway (its hash is gone from the database).
        }
    }
}
