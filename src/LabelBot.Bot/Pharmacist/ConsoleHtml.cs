using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Handoff;
using LabelBot.Core.Answering;

namespace LabelBot.Bot.Pharmacist;

/// <summary>
/// The console's server-rendered pages. Every piece of text that came from a user, a label or a pharmacist goes
/// through <see cref="H"/> (HTML-encoded); there is no script on these pages.
/// </summary>
internal static class ConsoleHtml
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    private static readonly Dictionary<string, string> Notices = new(StringComparer.Ordinal)
    {
        ["claimed"] = "You claimed this case. Replies you send go to the user's conversation.",
        ["replied"] = "Reply delivered to the user's conversation.",
        ["closed"] = "Case closed. The user has been told that LabelBot is back.",
        ["conflict"] = "That action no longer applies: someone else has the case, or it changed. The page shows its current state.",
        ["not-delivered"] = "The reply could not be delivered to the user's conversation. It was not saved; try again.",
        ["invalid"] = "A reply needs between 1 and 4000 characters.",
        ["not-found"] = "No such case.",
    };

    public static string SignIn(string antiforgeryToken, string? error) => Page("Sign in", who: null, antiforgeryToken, $"""
        <section class="signin">
          <h2>Pharmacist sign-in</h2>
          {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{H(error)}</p>")}
          <form method="post" action="/pharmacist/signin">
            {Token(antiforgeryToken)}
            <label>Your name (shown in the audit log and to users you reply to)<input name="name" maxlength="{PharmacistNames.MaxLength}" required autocomplete="name"></label>
            <label>Console key<input name="key" type="password" required autocomplete="current-password"></label>
            <button type="submit">Sign in</button>
          </form>
        </section>
        """);

    public static string CaseList(
        PharmacistIdentity who,
        string antiforgeryToken,
        IReadOnlyList<EscalationCaseSummary> waiting,
        IReadOnlyList<EscalationCaseSummary> active,
        IReadOnlyList<EscalationCaseSummary> closed,
        IReadOnlyList<FeedbackReviewItem> feedback,
        DateTimeOffset now)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<section><h2>Waiting ({waiting.Count})</h2>");
        body.Append(waiting.Count == 0 ? "<p class=\"empty\">Nobody is waiting.</p>" : CaseTable(waiting, now, showOwner: false));
        body.Append("</section>");
        body.Append(CultureInfo.InvariantCulture, $"<section><h2>In progress ({active.Count})</h2>");
        body.Append(active.Count == 0 ? "<p class=\"empty\">No claimed cases.</p>" : CaseTable(active, now, showOwner: true));
        body.Append("</section>");
        body.Append("<section><h2>Recently closed</h2>");
        body.Append(closed.Count == 0 ? "<p class=\"empty\">None yet.</p>" : CaseTable(closed, now, showOwner: true));
        body.Append("</section>");
        body.Append(FeedbackSection(feedback));
        return Page("Cases", who, antiforgeryToken, body.ToString(), autoRefreshSeconds: 30);
    }

    public static string CaseDetail(PharmacistIdentity who, string antiforgeryToken, EscalationCase escalation, IReadOnlyList<CaseAuditEntry> audit, string? notice, DateTimeOffset now)
    {
        var mine = string.Equals(escalation.ClaimedBy, who.Name, StringComparison.Ordinal);
        var body = new StringBuilder();
        body.Append("<p><a href=\"/pharmacist\">← All cases</a></p>");
        if (notice is not null && Notices.TryGetValue(notice, out var noticeText))
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{H(noticeText)}</p>");
        }
        body.Append(CultureInfo.InvariantCulture, $"""
            <section class="case-facts">
              <h2>Case {H(escalation.Id)} <span class="status status-{H(escalation.Status.ToWire())}">{H(escalation.Status.ToWire())}</span></h2>
              <dl>
                <dt>Reason</dt><dd>{H(escalation.Reason.Describe())}{(escalation.AdverseEventReport ? " <strong class=\"ae\">Adverse event report (user consented)</strong>" : "")}</dd>
                <dt>Urgency</dt><dd>{escalation.Urgency} (1 = most urgent)</dd>
                <dt>Channel</dt><dd>{H(escalation.ChannelId)}</dd>
                <dt>Filed</dt><dd>{Time(escalation.CreatedUtc)} ({Age(escalation.CreatedUtc, now)} ago)</dd>
                <dt>Claimed by</dt><dd>{H(escalation.ClaimedBy ?? "nobody yet")}</dd>
                {(escalation.ClosedUtc is { } closedAt ? $"<dt>Closed</dt><dd>{Time(closedAt)} by {H(escalation.ClosedBy ?? "")}</dd>" : "")}
              </dl>
            </section>
            """);
        body.Append("<section><h2>Conversation before the hand-off</h2>");
        body.Append(escalation.Transcript.Count == 0 ? "<p class=\"empty\">No earlier turns.</p>" : Transcript(escalation.Transcript));
        body.Append("</section>");
        body.Append("<section><h2>Since the hand-off</h2>");
        body.Append(escalation.Messages.Count == 0 ? "<p class=\"empty\">No messages yet.</p>" : Transcript(escalation.Messages));
        body.Append("</section>");

        body.Append("<section class=\"actions\"><h2>Actions</h2>");
        if (escalation.Status == EscalationStatus.Waiting)
        {
            body.Append(ActionForm(escalation.Id, "claim", antiforgeryToken, "Claim this case"));
        }
        if (escalation.IsWithPharmacist && mine)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="/pharmacist/cases/{H(escalation.Id)}/reply" class="reply">
                  {Token(antiforgeryToken)}
                  <label>Reply to the user (delivered into their chat, marked as from a pharmacist)
                    <textarea name="text" rows="5" maxlength="{PharmacistDesk.MaxReplyLength}" required></textarea></label>
                  <button type="submit">Send reply</button>
                </form>
                """);
        }
        if (escalation.IsOpen && (escalation.ClaimedBy is null || mine))
        {
            body.Append(ActionForm(escalation.Id, "close", antiforgeryToken, "Close case (LabelBot resumes)"));
        }
        if (escalation.IsWithPharmacist && !mine)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{H(escalation.ClaimedBy ?? "")} has this case.</p>");
        }
        body.Append("</section>");

        body.Append("<section><h2>Audit log</h2><table><thead><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Detail</th></tr></thead><tbody>");
        foreach (var entry in audit)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{Time(entry.AtUtc)}</td><td>{H(entry.Actor)}</td><td>{H(entry.Action)}</td><td>{H(entry.Detail ?? "")}</td></tr>");
        }
        body.Append("</tbody></table></section>");
        return Page($"Case {escalation.Id}", who, antiforgeryToken, body.ToString());
    }

    public static string Message(string title, string text) => Page(title, who: null, antiforgeryToken: null, $"<p>{H(text)}</p>");

    private static string CaseTable(IReadOnlyList<EscalationCaseSummary> cases, DateTimeOffset now, bool showOwner)
    {
        var rows = new StringBuilder();
        rows.Append("<table><thead><tr><th>Case</th><th>Urgency</th><th>Reason</th><th>Channel</th><th>Filed</th>");
        rows.Append(showOwner ? "<th>Status</th><th>Pharmacist</th><th>Last message</th>" : "");
        rows.Append("</tr></thead><tbody>");
        foreach (var c in cases)
        {
            var ae = c.AdverseEventReport ? " <strong class=\"ae\">AE report</strong>" : "";
            rows.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"urgency-{c.Urgency}\"><td><a href=\"/pharmacist/cases/{H(c.Id)}\">{H(c.Id)}</a></td><td>{c.Urgency}</td><td>{H(c.Reason.Describe())}{ae}</td><td>{H(c.ChannelId)}</td><td>{Age(c.CreatedUtc, now)} ago</td>");
            if (showOwner)
            {
                var last = c.LastMessageRole == TranscriptRole.User && c.Status != EscalationStatus.Closed ? "<strong>user is waiting</strong>" : H(c.LastMessageRole?.ToString() ?? "");
                rows.Append(CultureInfo.InvariantCulture, $"<td>{H(c.Status.ToWire())}</td><td>{H(c.ClaimedBy ?? "")}</td><td>{last}</td>");
            }
            rows.Append("</tr>");
        }
        rows.Append("</tbody></table>");
        return rows.ToString();
    }

    private static string Transcript(IReadOnlyList<TranscriptEntry> entries)
    {
        var html = new StringBuilder("<ol class=\"transcript\">");
        foreach (var entry in entries)
        {
            var who = entry.Role switch
            {
                TranscriptRole.User => "User",
                TranscriptRole.Pharmacist => "Pharmacist " + (entry.Author ?? ""),
                _ => "LabelBot" + (entry.Kind is null ? "" : $" ({entry.Kind})"),
            };
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"turn turn-{H(entry.Role.ToString().ToLowerInvariant())}\"><div class=\"who\">{H(who)} · {Time(entry.AtUtc)}</div><div class=\"text\">{H(entry.Text)}</div>");
            if (entry.Citations is { Count: > 0 } citations)
            {
                html.Append("<ol class=\"citations\">");
                foreach (var citation in citations.OrderBy(c => c.N))
                {
                    html.Append(CitationItem(citation));
                }
                html.Append("</ol>");
            }
            html.Append("</li>");
        }
        html.Append("</ol>");
        return html.ToString();
    }

    private static string CitationItem(Citation citation)
    {
        var section = string.IsNullOrWhiteSpace(citation.SectionNumber) ? citation.SectionTitle : $"{citation.SectionNumber} {citation.SectionTitle}";
        return $"""
            <li value="{citation.N}"><div class="source">[{citation.N}] {H(citation.Title)} · {H(CitationVersionText.For(citation))} · {H(section)} · <a href="{H(Viewer.LabelViewerLinks.CitationPath(citation))}" target="_blank">Label viewer (this version)</a> · <a href="{H(SafeUrl(citation.Url))}" rel="noreferrer" target="_blank">DailyMed</a></div>
            <blockquote>{H(citation.Quote)}</blockquote></li>
            """;
    }

    private static string FeedbackSection(IReadOnlyList<FeedbackReviewItem> feedback)
    {
        var html = new StringBuilder($"<section><h2>Answers marked not helpful ({feedback.Count})</h2>");
        if (feedback.Count == 0)
        {
            return html.Append("<p class=\"empty\">No negative feedback yet.</p></section>").ToString();
        }
        html.Append("<ol class=\"feedback\">");
        foreach (var item in feedback)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <li><div class="who">{Time(item.Entry.CreatedUtc)} · {H(item.Entry.ChannelId)} · answer {H(item.Entry.AnswerId)} ({H(item.Entry.AnswerKind)})</div>
                <div class="text">Reason: {H(item.Entry.Reason ?? "(none given)")}</div>
                """);
            if (item.Passages.Count > 0)
            {
                html.Append("<ol class=\"citations\">");
                foreach (var passage in item.Passages)
                {
                    var excerpt = passage.Text.Length > 600 ? passage.Text[..600] + "…" : passage.Text;
                    html.Append(CultureInfo.InvariantCulture, $"""
                        <li><div class="source">{H(passage.Section)} · set {H(passage.SetId)} v{passage.Version} · <a href="{H(SafeUrl(passage.Url))}" rel="noreferrer" target="_blank">DailyMed</a></div>
                        <blockquote>{H(excerpt)}</blockquote></li>
                        """);
                }
                html.Append("</ol>");
            }
            if (item.MissingPassages > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{item.MissingPassages} cited passage(s) are no longer in the store.</p>");
            }
            html.Append("</li>");
        }
        return html.Append("</ol></section>").ToString();
    }

    private static string Page(string title, PharmacistIdentity? who, string? antiforgeryToken, string body, int autoRefreshSeconds = 0)
    {
        var signOut = who is null || antiforgeryToken is null ? "" : $"""
            <form method="post" action="/pharmacist/signout" class="signout">{Token(antiforgeryToken)}<span>Signed in as {H(who.Name)}</span> <button type="submit">Sign out</button></form>
            """;
        var refresh = autoRefreshSeconds > 0 ? $"<meta http-equiv=\"refresh\" content=\"{autoRefreshSeconds}\">" : "";
        return $"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="robots" content="noindex">
              {refresh}
              <title>{H(title)} · LabelBot pharmacist console</title>
              <link rel="stylesheet" href="/pharmacist/console.css">
            </head>
            <body>
              <header><h1>LabelBot pharmacist console</h1>{signOut}</header>
              <main>
            {body}
              </main>
            </body>
            </html>
            """;
    }

    private static string ActionForm(string caseId, string action, string antiforgeryToken, string label) => $"""
        <form method="post" action="/pharmacist/cases/{H(caseId)}/{action}" class="inline">{Token(antiforgeryToken)}<button type="submit">{H(label)}</button></form>
        """;

    private static string Token(string antiforgeryToken) => $"<input type=\"hidden\" name=\"{AntiforgeryField}\" value=\"{H(antiforgeryToken)}\">";

    private static string Time(DateTimeOffset value) => H(value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

    private static string Age(DateTimeOffset since, DateTimeOffset now)
    {
        var age = now - since;
        return age.TotalMinutes < 1 ? "<1 min"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours} h {age.Minutes} min"
            : $"{(int)age.TotalDays} d";
    }

    /// <summary>Only http(s) links are rendered as links (a citation URL is built from a set id, but never trust it blindly).</summary>
    private static string SafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : "#";

    public static string H(string text) => HtmlEncoder.Default.Encode(text);
}
