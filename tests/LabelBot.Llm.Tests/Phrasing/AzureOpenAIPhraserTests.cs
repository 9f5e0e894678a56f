using LabelBot.Core.Answering.Phrasing;
using LabelBot.Llm.Tests.TestSupport;

namespace LabelBot.Llm.Tests.Phrasing;

/// <summary>Phrasing through the Azure OpenAI wire format: deployment in the path, api-version query, api-key header.</summary>
public sealed class AzureOpenAIPhraserTests
{
    private static readonly IReadOnlyList<NumberedPassage> Nsaid = Passages.Nsaid();

    [Fact]
    public async Task Request_names_the_deployment_and_key_and_the_answer_is_verified()
    {
        await using var server = new LoopbackChatServer(ScriptedReply.Completion(
            "Adults take 1 tablet every 4 to 6 hours while symptoms persist [2]. Do not take more than 6 tablets in 24 hours unless directed by a doctor [2]."));
        var phraser = PhraserHarness.Create(PhraserHarness.Azure(server));

        var phrased = await phraser.PhraseAsync("How often can adults take it?", Nsaid);

        var request = Assert.Single(server.Requests);
        Assert.Equal($"/openai/deployments/{PhraserHarness.Deployment}/chat/completions", request.Path);
        Assert.Contains("api-version=", request.Query, StringComparison.Ordinal);
        Assert.Equal(PhraserHarness.AzureKey, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal(RepoPaths.PromptBody("answer-system"), request.Message("system"));
        Assert.Contains("How often can adults take it?", request.Message("user"), StringComparison.Ordinal);

        var verified = PhrasedAnswerVerifier.Verify(phrased!, Nsaid);
        Assert.NotNull(verified);
        Assert.Equal(2, verified.Kept);
        Assert.Equal([2], verified.UsedPassageNumbers);
    }

    [Fact]
    public async Task Server_error_from_azure_returns_null()
    {
        await using var server = new LoopbackChatServer(ScriptedReply.Error(503));
        var phraser = PhraserHarness.Create(PhraserHarness.Azure(server));

        Assert.Null(await phraser.PhraseAsync("How often can adults take it?", Nsaid));
        Assert.Equal(2, server.RequestCount); // one retry, none from the client itself
    }
}
