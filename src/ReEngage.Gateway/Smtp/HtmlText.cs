using System.Text;
using System.Text.RegularExpressions;
using MimeKit.Text;

namespace ReEngage.Gateway.Smtp;

/// <summary>
/// HTML as plain text, for a mail whose only body is HTML: MimeKit's tokenizer (entities decoded), the text of the
/// document with a line break for each block and &lt;br&gt;, and nothing of scripts, styles or the head.
/// </summary>
internal static partial class HtmlText
{
    private static readonly HashSet<HtmlTagId> Hidden = [HtmlTagId.Script, HtmlTagId.Style, HtmlTagId.Head, HtmlTagId.Title];

    private static readonly HashSet<HtmlTagId> Blocks =
    [
        HtmlTagId.P, HtmlTagId.Div, HtmlTagId.Br, HtmlTagId.LI, HtmlTagId.TR, HtmlTagId.H1, HtmlTagId.H2, HtmlTagId.H3,
        HtmlTagId.H4, HtmlTagId.H5, HtmlTagId.H6, HtmlTagId.Table, HtmlTagId.UL, HtmlTagId.OL, HtmlTagId.BlockQuote,
        HtmlTagId.Pre, HtmlTagId.HR,
    ];

    public static string Convert(string html)
    {
        var text = new StringBuilder();
        var hidden = 0;
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when Hidden.Contains(tag.Id) && !tag.IsEmptyElement:
                    hidden = Math.Max(0, hidden + (tag.IsEndTag ? -1 : 1));
                    break;
                case HtmlTagToken tag when Blocks.Contains(tag.Id):
                    // One break between blocks however they nest (</p><div>): SMS has no room for empty lines.
                    if (text.Length > 0 && text[^1] != '\n')
                    {
                        text.Append('\n');
                    }

                    break;
                case HtmlDataToken data when hidden == 0 && token.Kind is HtmlTokenKind.Data or HtmlTokenKind.CData:
                    // HTML collapses white space in text; the line breaks come from the tags above.
                    text.Append(Spaces().Replace(data.Data, " "));
                    break;
            }
        }

        var lines = text.ToString().Split('\n').Select(l => l.Trim());
        return string.Join('\n', lines).Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
