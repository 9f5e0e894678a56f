using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBot.Bot.Viewer;
using LabelBot.Core.Answering;

namespace LabelBot.Cli;

/// <summary>The label viewer's public address for CLI output (env LABELBOT_PUBLIC_URL), and the answer JSON with each citation's viewer link.</summary>
public static class ViewerLinkSetting
{
    /// <summary>The links from the environment; a malformed address stops the verb with one line naming the variable.</summary>
    public static LabelViewerLinks Resolve()
    {
        try
        {
            return LabelViewerLinks.FromEnvironment();
        }
        catch (InvalidOperationException e)
        {
            throw new CliFailureException(e.Message);
        }
    }

    /// <summary>The contract's answer object plus "viewerUrl" on every citation (an added field: existing ones are unchanged).</summary>
    public static string AnswerJsonWithViewerLinks(AnswerResult answer, LabelViewerLinks links)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(links);
        var root = JsonSerializer.SerializeToNode(answer, AnswerJson.Options)!.AsObject();
        var citations = root["citations"]!.AsArray();
        for (var i = 0; i < citations.Count; i++)
        {
            citations[i]!["viewerUrl"] = links.For(answer.Citations[i]);
        }
        return root.ToJsonString(AnswerJson.Options);
    }
}
