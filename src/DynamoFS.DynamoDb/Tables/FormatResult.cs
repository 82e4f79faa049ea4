namespace DynamoFS.DynamoDb.Tables;

public enum FormatOutcome
{
    /// <summary>A new table was created and initialized.</summary>
    Created,
    /// <summary>The table existed empty (or from an interrupted format) and was initialized.</summary>
    Initialized,
    /// <summary>A file system with the same settings was already there; nothing changed.</summary>
    AlreadyFormatted,
    /// <summary>--force: the old file system was destroyed and a new one created.</summary>
    Reformatted,
}

/// <summary>What `dynamofs format` did, and the settings the file system now has.</summary>
public sealed record FormatResult(FormatOutcome Outcome, FileSystemFormat Format);
