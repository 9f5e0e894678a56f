using Microsoft.Bot.Builder.Integration.AspNet.Core;
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => typeof(CloudAdapter).FullName);
app.Run();
