using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>
/// A Linux pseudo-terminal (openpty) whose slave side looks like a serial device (/dev/pts/N), so the
/// real SerialPort code path can open it; the simulated modem serves the master side. An optional
/// symlink gives it a stable name, as udev does for real modems.
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    private readonly int slaveFd;
    private bool disposed;

    private PseudoTerminal(SafeFileHandle master, int slaveFd, string slavePath, string? link)
    {
        Master = new FileStream(master, FileAccess.ReadWrite, bufferSize: 0);
        this.slaveFd = slaveFd;
        SlavePath = slavePath;
        LinkPath = link;
    }

    /// <summary>The device a host opens, e.g. /dev/pts/3.</summary>
    public string SlavePath { get; }

    /// <summary>The stable symlink to <see cref="SlavePath"/>, when one was asked for.</summary>
    public string? LinkPath { get; }

    /// <summary>The master side: what the simulated modem reads and writes.</summary>
    public Stream Master { get; }

    /// <summary>Opens a pseudo-terminal in raw mode, optionally linked from <paramref name="link"/>.</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="IOException">openpty failed.</exception>
    public static PseudoTerminal Open(string? link = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Pseudo-terminals are opened with Linux's openpty.");
        }

        if (OpenPty(out var master, out var slave, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != 0)
        {
            throw new IOException($"openpty failed (errno {Marshal.GetLastPInvokeError()})");
        }

        // Raw mode on the slave: no echo, no CR/LF translation, no line buffering — like a UART.
        var termios = new byte[256];
        if (TcGetAttr(slave, termios) == 0)
        {
            CfMakeRaw(termios);
            _ = TcSetAttr(slave, 0, termios);
        }

        var name = new byte[256];
        var path = PtsName(master, name, name.Length) == 0 ? System.Text.Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0)) : $"/dev/pts/{slave}";
        if (link is not null)
        {
            if (File.Exists(link) || new FileInfo(link).LinkTarget is not null)
            {
                File.Delete(link);
            }

            File.CreateSymbolicLink(link, path);
        }

        return new PseudoTerminal(new SafeFileHandle(master, ownsHandle: true), slave, path, link);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (LinkPath is not null && new FileInfo(LinkPath).LinkTarget == SlavePath)
        {
            File.Delete(LinkPath);
        }

        _ = Close(slaveFd);
        Master.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "openpty", SetLastError = true)]
    private static partial int OpenPty(out int master, out int slave, IntPtr name, IntPtr termios, IntPtr winsize);

    [LibraryImport("libc", EntryPoint = "ptsname_r")]
    private static partial int PtsName(int fd, [Out] byte[] buffer, nint length);

    [LibraryImport("libc", EntryPoint = "tcgetattr")]
    private static partial int TcGetAttr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr")]
    private static partial int TcSetAttr(int fd, int actions, byte[] termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw([In, Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
