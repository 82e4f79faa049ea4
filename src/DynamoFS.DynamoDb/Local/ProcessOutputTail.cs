namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// The last lines a child process printed, kept bounded: enough to explain a failed start without
/// letting a chatty long-lived emulator grow our memory.
/// </summary>
internal sealed class ProcessOutputTail(int capacity = 200)
{
    private readonly Queue<string> _lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines);
        }
    }
}
