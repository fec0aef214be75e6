namespace ReEngage.Gateway.Core.Marketing;

/// <summary>How the contact agreed to be messaged.</summary>
public sealed record ConsentInput(string? Source, DateTimeOffset? At, string? Text);
