namespace LabelBot.Load;

/// <summary>The load run could not start measuring (e.g. the host does not answer the warm-up).</summary>
public sealed class LoadRunException : Exception
{
    public LoadRunException()
    {
    }

    public LoadRunException(string message)
        : base(message)
    {
    }

    public LoadRunException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
