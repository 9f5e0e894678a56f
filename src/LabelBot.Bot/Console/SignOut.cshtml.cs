using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LabelBot.Bot.Console;

/// <summary>Sign-out (POST only, antiforgery-checked): deletes the session in the database, so copies of the cookie die too.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        await PharmacistAuthenticator.SignOutAsync(HttpContext);
        return Redirect(ConsoleAuthentication.SignInPath);
    }
}
