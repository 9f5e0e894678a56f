using LabelBot.Bot.Hosting;
using LabelBot.Bot.Channels.Teams;

// `teams-package` builds the Teams app zip; anything else runs the bot host.
if (TeamsPackageCommand.Matches(args))
{
    return await TeamsPackageCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

try
{
    await using var app = BotHost.Build(args);
    await app.RunAsync();
}
catch (Exception e) when (e is LabelBot.Llm.LlmConfigurationException or Microsoft.Extensions.Options.OptionsValidationException)
{
    // A bad setting (Llm__*, or a host setting validated while the pipeline is built or when it starts) stops the host
    // with one line naming it and its allowed range, never a stack trace.
    Console.Error.WriteLine($"labelbot host: {e.Message}");
    return 1;
}
return 0;
