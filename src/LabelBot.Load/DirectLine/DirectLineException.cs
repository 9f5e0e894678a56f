namespace LabelBot.Load.DirectLine;

/// <summary>The host answered a Direct Line call with something other than success; <see cref="ErrorType"/> is what the report counts.</summary>
public sealed class DirectLineException : Exception
{
    public DirectLineException()
    {
        ErrorType = "protocol";
    }

    public DirectLineException(string message)
        : base(message)
    {
        ErrorType = "protocol";
    }

    public DirectLineException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "protocol";
    }

    public DirectLineException(string errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    /// <summary>e.g. "http_503" or "protocol" (a body that is not the Direct Line shape).</summary>
    public string ErrorType { get; }
}
