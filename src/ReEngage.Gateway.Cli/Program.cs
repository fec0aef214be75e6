using ReEngage.Gateway.Cli;

return await CliApp.Parse(args).InvokeAsync().ConfigureAwait(false);
