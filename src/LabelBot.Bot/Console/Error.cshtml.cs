using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LabelBot.Bot.Console;

/// <summary>
/// What an empty console error shows (status code pages re-execute here, keeping the status): a form without its
/// antiforgery token (400), an unknown case or path (404).
/// </summary>
[IgnoreAntiforgeryToken] // It renders the refusal of a failed antiforgery check, also for the refused POST itself.
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status) => (Title, Text) = status switch
    {
        StatusCodes.Status400BadRequest => ("Form expired", ConsoleTexts.Get(ConsoleTexts.FormExpired)),
        StatusCodes.Status404NotFound => ("Not found", ConsoleTexts.Get(ConsoleTexts.NotFound)),
        _ => ("Not possible", ConsoleTexts.Get(ConsoleTexts.Error)),
    };
}
