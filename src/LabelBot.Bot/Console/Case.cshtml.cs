using LabelBot.Bot.Handoff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LabelBot.Bot.Console;

/// <summary>One case: facts, the conversation with every cited passage linked to the label viewer, actions, audit log.</summary>
public sealed class CaseModel(IEscalationQueue queue, PharmacistDesk desk, TimeProvider clock) : PageModel
{
    public EscalationCase Case { get; private set; } = null!;

    public IReadOnlyList<CaseAuditEntry> Audit { get; private set; } = [];

    public string? Notice { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public string Pharmacist => User.Identity?.Name ?? "";

    public bool Mine => string.Equals(Case.ClaimedBy, Pharmacist, StringComparison.Ordinal);

    public UrgencyName Urgency => ConsoleTexts.Urgency(Case.Urgency);

    public async Task<IActionResult> OnGetAsync(string caseId, string? verb, string? notice, CancellationToken cancellationToken)
    {
        if (verb is not null || await queue.GetAsync(caseId, cancellationToken) is not { } escalation)
        {
            return NotFound();
        }
        Case = escalation;
        Audit = await queue.ListAuditAsync(caseId, cancellationToken);
        Notice = ConsoleTexts.Notice(notice);
        Now = clock.GetUtcNow();
        return Page();
    }

    /// <summary>POST /pharmacist/cases/{id}/claim|reply|close (antiforgery-checked), then back to the case with a notice.</summary>
    public async Task<IActionResult> OnPostAsync(string caseId, string? verb, [FromForm] string? text, CancellationToken cancellationToken)
    {
        if (verb is null || ConsoleEndpoints.RunAsync(desk, caseId, verb, Pharmacist, text, cancellationToken) is not { } running)
        {
            return NotFound();
        }
        var result = await running;
        var notice = result.Outcome switch
        {
            DeskOutcome.Done => verb switch { "claim" => "claimed", "reply" => "replied", _ => "closed" },
            DeskOutcome.NotFound => "not-found",
            DeskOutcome.Invalid => "invalid",
            DeskOutcome.NotDelivered => "not-delivered",
            _ => "conflict",
        };
        return Redirect($"/pharmacist/cases/{Uri.EscapeDataString(caseId)}?notice={notice}");
    }
}
