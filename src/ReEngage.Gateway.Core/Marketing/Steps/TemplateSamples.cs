using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>The contacts whose names make a text longest: the longest names, and names with letters outside ASCII (which may force UCS-2).</summary>
public static class TemplateSamples
{
    public static async Task<IReadOnlyList<Contact>> LoadAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var longest = await db.Contacts.AsNoTracking()
            .OrderByDescending(c => (c.FirstName ?? string.Empty).Length + (c.LastName ?? string.Empty).Length).Take(20)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        // Names with a character outside printable ASCII: GLOB on SQLite, a regular expression on PostgreSQL.
        var named = db.Contacts.AsNoTracking();
        var accented = await (db.Database.IsNpgsql()
                ? named.Where(c => Regex.IsMatch(c.FirstName ?? string.Empty, "[^ -~]") || Regex.IsMatch(c.LastName ?? string.Empty, "[^ -~]"))
                : named.Where(c => EF.Functions.Glob(c.FirstName ?? string.Empty, "*[^ -~]*") || EF.Functions.Glob(c.LastName ?? string.Empty, "*[^ -~]*")))
            .OrderByDescending(c => (c.FirstName ?? string.Empty).Length + (c.LastName ?? string.Empty).Length).Take(500)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. longest.Concat(accented).DistinctBy(c => c.Id)];
    }
}
