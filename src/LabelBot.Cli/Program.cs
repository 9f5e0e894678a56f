using LabelBot.Cli;

return await CliApplication.RunAsync(args);
