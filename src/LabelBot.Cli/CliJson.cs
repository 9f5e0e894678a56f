using System.Text.Json;
using LabelBot.Core.Answering;

namespace LabelBot.Cli;

/// <summary>JSON settings for every --json output: the answer object's own (camelCase, snake_case kinds).</summary>
public static class CliJson
{
    public static JsonSerializerOptions Options => AnswerJson.Options;
}
