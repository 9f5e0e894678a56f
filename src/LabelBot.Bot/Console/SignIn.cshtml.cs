using LabelBot.Bot.Bots;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Telemetry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LabelBot.Bot.Console;

/// <summary>The sign-in form: the console key (LABELBOT_PHARMACIST_KEY) and the pharmacist's name → session cookie.</summary>
[EnableRateLimiting(ConsoleEndpoints.SignInRateLimitPolicy)]
public sealed class SignInModel(PharmacistAuthenticator authenticator, AuthFailureLimiter failures, ILoggerFactory loggers) : PageModel
{
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? name, string? key)
    {
        var logger = loggers.CreateLogger("LabelBot.Bot.Console");
        if (!authenticator.KeyMatches(key))
        {
            failures.RecordFailure(HttpContext, ConsoleAuthentication.AuthRoute);
            ConsoleEndpoints.LogSignInRefused(logger);
            return Refuse(StatusCodes.Status401Unauthorized, ConsoleTexts.Get(ConsoleTexts.WrongKey));
        }
        if (PharmacistNames.Normalize(name) is not { } pharmacist)
        {
            return Refuse(StatusCodes.Status400BadRequest, ConsoleTexts.NameRuleText());
        }
        await authenticator.SignInAsync(HttpContext, pharmacist);
        ConsoleEndpoints.LogSignedIn(logger, "pharmacist#" + IdHasher.Hash(EscalationNames.PharmacistActor(pharmacist)));
        return Redirect("/pharmacist");
    }

    private PageResult Refuse(int status, string error)
    {
        Error = error;
        return new PageResult { StatusCode = status };
    }
}
