using LabelBot.Bot.Hosting;
using LabelBot.Bot.Channels.Teams;

// `teams-package` builds the Teams app zip; anything else runs the bot host.
if (TeamsPackageCommand.Matches(args))
{
    return await TeamsPackageCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

Microsoft.AspNetCore.Builder.WebApplication app;
try
{
    app = BotHost.Build(args);
}
catch (LabelBot.Llm.LlmConfigurationException e)
{
    // The host refuses to start on bad Llm__* settings with one line naming the setting and its allowed range.
    Console.Error.WriteLine($"labelbot host: {e.Message}");
    return 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    // A bad host setting (validated at start) is one line naming it, not a stack trace; some are read while the
    // pipeline is built (the console's key ring), the rest when the host starts.
    Console.Error.WriteLine($"labelbot host: {e.Message}");
    return 1;
}
try
{
    await app.RunAsync();
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    Console.Error.WriteLine($"labelbot host: {e.Message}");
    return 1;
}
return 0;
