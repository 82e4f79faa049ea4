using System.Collections.Concurrent;

namespace DynamoFS.Fuse.Tests.Memory;

/// <summary>
/// Counts the operations a file system received, by name, so tests can prove that a system
/// call really reached the file system (and was not answered from a kernel cache).
/// </summary>
public sealed class CallLog
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Record(string operation) => _counts.AddOrUpdate(operation, 1, static (_, n) => n + 1);

    public int Count(string operation) => _counts.TryGetValue(operation, out var n) ? n : 0;

    public IReadOnlyCollection<string> Seen => _counts.Keys.ToArray();
}

/// <summary>Names the in-memory file system records, one per FUSE opcode it can tell apart.</summary>
public static class Op
{
    public const string Init = "INIT";
    public const string Lookup = "LOOKUP";
    public const string Forget = "FORGET"; // FORGET and BATCH_FORGET both end in IFuseFileSystem.Forget
    public const string GetAttr = "GETATTR";
    public const string SetAttr = "SETATTR";
    public const string ReadLink = "READLINK";
    public const string Symlink = "SYMLINK";
    public const string MakeNode = "MKNOD";
    public const string MakeDirectory = "MKDIR";
    public const string Unlink = "UNLINK";
    public const string RemoveDirectory = "RMDIR";
    public const string Rename = "RENAME";
    public const string Rename2 = "RENAME2";
    public const string Link = "LINK";
    public const string Open = "OPEN";
    public const string Read = "READ";
    public const string Write = "WRITE";
    public const string StatFs = "STATFS";
    public const string Release = "RELEASE";
    public const string Fsync = "FSYNC";
    public const string SetXattr = "SETXATTR";
    public const string GetXattr = "GETXATTR";
    public const string ListXattr = "LISTXATTR";
    public const string RemoveXattr = "REMOVEXATTR";
    public const string Flush = "FLUSH";
    public const string OpenDir = "OPENDIR";
    public const string ReadDir = "READDIR";
    public const string ReadDirPlus = "READDIRPLUS";
    public const string ReleaseDir = "RELEASEDIR";
    public const string FsyncDir = "FSYNCDIR";
    public const string GetLock = "GETLK";
    public const string SetLock = "SETLK";
    public const string SetLockWait = "SETLKW";
    public const string Access = "ACCESS";
    public const string Create = "CREATE";
    /// <summary>A request whose cancellation fired: the visible trace of FUSE_INTERRUPT.</summary>
    public const string Interrupt = "INTERRUPT";
    public const string Fallocate = "FALLOCATE";
    public const string Lseek = "LSEEK";
    public const string CopyFileRange = "COPY_FILE_RANGE";
    public const string Destroy = "DESTROY";
}
