namespace LabelBot.Load.DirectLine;

/// <summary>One user's conversation: asks a question and polls with the watermark until the bot's reply to it arrives.</summary>
public sealed class DirectLineConversation(DirectLineClient client, DirectLineSession session, TimeSpan pollInterval)
{
    private int _watermark;

    public DirectLineSession Session { get; } = session;

    /// <summary>
    /// Posts <paramref name="text"/> and returns the bot's reply to it: the bot message that names our activity in
    /// replyToId, or (for a host that does not set it) the first bot message after our activity. Typing indicators, and
    /// holding messages that <paramref name="isInterim"/> recognises, are skipped.
    /// </summary>
    public async Task<DirectLineActivity> AskAsync(string text, Func<DirectLineActivity, bool>? isInterim, CancellationToken cancellationToken)
    {
        var ourId = await client.PostMessageAsync(Session, text, cancellationToken);
        var seenOurs = false;
        while (true)
        {
            var page = await client.GetActivitiesAsync(Session, _watermark, cancellationToken);
            _watermark = Math.Max(_watermark, page.Watermark);
            foreach (var activity in page.Activities)
            {
                if (activity.Id == ourId)
                {
                    seenOurs = true;
                    continue;
                }
                // replyToId is what ties a reply to our question: a late reply to an earlier, timed-out turn is not ours.
                if (activity.IsBotMessage && (activity.ReplyToId == ourId || (activity.ReplyToId is null && seenOurs))
                    && isInterim?.Invoke(activity) != true)
                {
                    return activity;
                }
            }
            await Task.Delay(pollInterval, cancellationToken);
        }
    }
}
