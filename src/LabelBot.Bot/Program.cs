using LabelBot.Bot.Hosting;
using LabelBot.Bot.Teams;

// `teams-package` builds the Teams app zip; anything else runs the bot host.
if (TeamsPackageCommand.Matches(args))
{
    return await TeamsPackageCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

var app = BotHost.Build(args);
await app.RunAsync();
return 0;
