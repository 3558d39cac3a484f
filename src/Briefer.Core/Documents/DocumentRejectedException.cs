namespace Briefer.Core.Documents;

/// <summary>
/// Thrown when a document cannot be ingested (empty, binary, too large, unsupported, not UTF-8 …).
/// The message is meant for the user: it says what is wrong and what to do.
/// </summary>
public sealed class DocumentRejectedException : Exception
{
    public DocumentRejectedException()
    {
    }

    public DocumentRejectedException(string message)
        : base(message)
    {
    }

    public DocumentRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
