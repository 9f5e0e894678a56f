using LabelBot.Bot.Channels.BotFramework;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Settings;
using LabelBot.Runtime;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LabelBot.Bot.Hosting;

/// <summary>
/// The host's settings, bound with the options pattern and validated when the host starts (ValidateOnStart): a bad
/// setting stops the start with a message naming it, before anything listens. Environment variables of CONTRACT.md
/// arrive as configuration (<see cref="LabelBotEnvironment"/>). The handlers and stores take the validated instance.
/// </summary>
public static class HostOptionsRegistration
{
    public static IServiceCollection AddLabelBotOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LabelBotHostOptions>()
            .Bind(configuration.GetSection(LabelBotHostOptions.SectionName))
            .PostConfigure(options =>
            {
                options.DatabasePath = string.IsNullOrWhiteSpace(options.DatabasePath)
                    ? LabelBotPaths.DefaultDatabasePath()
                    : Path.GetFullPath(options.DatabasePath);
                options.LabelsFolder = string.IsNullOrWhiteSpace(options.LabelsFolder) ? LabelBotPaths.DefaultLabelsFolder() : Path.GetFullPath(options.LabelsFolder);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LabelBotHostOptions>, LabelBotHostOptionsValidator>());

        var escalation = configuration.GetSection(EscalationOptions.SectionName);
        services.AddOptions<EscalationOptions>()
            .Bind(escalation)
            .PostConfigure(options => EscalationOptions.ReplaceListsFrom(options, escalation))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EscalationOptions>, EscalationOptionsValidator>());

        services.AddOptions<BotEndpointOptions>()
            .Bind(configuration.GetSection(BotEndpointOptions.SectionName))
            .PostConfigure(BotEndpointOptions.Normalize);
        services.AddOptions<WebChatOptions>().Bind(configuration.GetSection(WebChatOptions.SectionName));

        services.TryAddSingleton(provider => Value<LabelBotHostOptions>(provider));
        services.TryAddSingleton(provider => Value<EscalationOptions>(provider));
        services.TryAddSingleton(provider => Value<BotEndpointOptions>(provider));
        services.TryAddSingleton(provider => Value<WebChatOptions>(provider));
        return services;
    }

    private static T Value<T>(IServiceProvider services) where T : class => services.GetRequiredService<IOptions<T>>().Value;
}
