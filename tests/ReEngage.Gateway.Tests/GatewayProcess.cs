using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ReEngage.Gateway.Tests;

/// <summary>The gateway as its own process (dotnet ReEngage.Gateway.dll), for tests that kill it.</summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

    private GatewayProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
    }

    public string Url { get; }

    public int Id => process.Id;

    /// <summary>What the gateway printed so far (standard output and error, line by line).</summary>
    public string Output => string.Join('\n', output);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<GatewayProcess> StartAsync(string dataDirectory, int port, IEnumerable<string> settings)
    {
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ReEngage.Gateway.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.ArgumentList.Add($"--Gateway:DataDirectory={dataDirectory}");
        // HTTPS on a port of its own (a setting given below wins: the last one counts).
        start.ArgumentList.Add($"--Gateway:Https:Port={FreePort()}");
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        var process = Process.Start(start)!;
        var gateway = new GatewayProcess(process, url);
        process.OutputDataReceived += (_, line) => gateway.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => gateway.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync(url + "/healthz")).IsSuccessStatusCode)
                {
                    return gateway;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {process.ExitCode} before it was ready.");
            }

            await Task.Delay(100);
        }

        gateway.Kill();
        throw new TimeoutException("The gateway did not become healthy within 30 s.");
    }

    private void Keep(string? line)
    {
        if (line is not null && output.Count < 5000)
        {
            output.Enqueue(line);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
