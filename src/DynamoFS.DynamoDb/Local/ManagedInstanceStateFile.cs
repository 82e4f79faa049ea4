using System.Text.Json;

namespace DynamoFS.DynamoDb.Local;

/// <summary>
/// The pid and port of the running managed instance, in &lt;data&gt;/instance.json. Every CLI process
/// reads it to find the emulator; it is rewritten atomically (temp file + rename) so a reader never
/// sees half a file. The pid alone is not trusted: pids are reused, so callers also check the
/// process's command line and that it answers on the port.
/// </summary>
internal sealed record ManagedInstanceStateFile(int ProcessId, int Port, DateTimeOffset StartedAt)
{
    public static ManagedInstanceStateFile? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ManagedInstanceStateFile>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // Missing or unreadable: treat as "not running"; the next start rewrites it.
            return null;
        }
    }

    public void Write(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this));
        File.Move(temporary, path, overwrite: true);
    }
}
