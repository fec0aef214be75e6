namespace ReEngage.Gateway.Core.Messaging;

/// <summary>Validation errors by field, for RFC 7807 problem details.</summary>
public sealed class FieldErrors : Dictionary<string, string[]>
{
    /// <summary>The request conflicts with one already accepted (an idempotency key reused for another request): 422, not 400.</summary>
    public bool Conflict { get; init; }

    public void Add(string field, string message) => this[field] = TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    /// <summary>Adds an error and returns the same errors (for one-line construction).</summary>
    public FieldErrors With(string field, string message)
    {
        Add(field, message);
        return this;
    }
}
