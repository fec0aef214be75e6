using Microsoft.Extensions.Options;

namespace ReEngage.Gateway.Smtp;

/// <summary>Checks Gateway:Smtp at start; a mistake stops start-up with the key named.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{SmtpOptions.Section}:Port must be between 0 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(options.Domain) || options.Domain.Contains('@', StringComparison.Ordinal) || options.Domain.Any(char.IsWhiteSpace))
        {
            failures.Add($"{SmtpOptions.Section}:Domain must be a domain name such as sms.local (mail to <number>@<Domain> is sent as SMS).");
        }

        if (options.MaxMessageBytes < 1024)
        {
            failures.Add($"{SmtpOptions.Section}:MaxMessageBytes must be at least 1024.");
        }

        if (options.AllowedSenders.Exists(s => !s.Contains('@', StringComparison.Ordinal)))
        {
            failures.Add($"{SmtpOptions.Section}:AllowedSenders: each entry is an address (alarm@example.com) or a domain written @example.com.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
