using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

/// <summary>
/// Performs one file-system step as some identity and reports the errno. <see cref="RootActor"/> calls
/// libc in this (root) process; <see cref="HelperActor"/> runs the <c>posixop</c> helper under
/// <c>setpriv</c> so the step runs with the identity's uid, gid and supplementary groups.
/// </summary>
public interface IActor
{
    Identity Id { get; }

    /// <summary>The same identity with a different umask (the default is 0).</summary>
    IActor WithUmask(uint umask);

    Errno Stat(string path);
    Errno Chmod(string path, uint mode);
    /// <summary>chown; -1 leaves the id unchanged.</summary>
    Errno Chown(string path, int uid, int gid);
    Errno Lchown(string path, int uid, int gid);
    Errno Link(string oldPath, string newPath);
    Errno Symlink(string target, string path);
    Errno Unlink(string path);
    Errno Rmdir(string path);
    Errno Mkdir(string path, uint mode);
    Errno Mkfifo(string path, uint mode);
    Errno Mknod(string path, uint mode, uint major = 0, uint minor = 0);
    /// <summary>open(2) then close.</summary>
    Errno Open(string path, OpenFlags flags, uint mode = 0);
    Errno Rename(string oldPath, string newPath);
    Errno Renameat2(string oldPath, string newPath, uint flags);
    Errno Truncate(string path, long length);
    /// <summary>open(O_WRONLY [|O_APPEND]) then write(text).</summary>
    Errno Write(string path, string text, bool append = false);
    Errno Read(string path, out string content);
    /// <summary>utimensat; both null means times == NULL.</summary>
    Errno Utimens(string path, Ts? atime, Ts? mtime, bool noFollow = false);
    Errno SetXattr(string path, string name, string value, int flags = 0);
    Errno GetXattr(string path, string name, out string value);
    Errno ListXattr(string path, out string[] names);
    Errno RemoveXattr(string path, string name);
}

/// <summary>Root, in-process, through P/Invoke.</summary>
public sealed class RootActor(Identity id, PosixEnvironment env) : IActor
{
    public Identity Id => id;
    public IActor WithUmask(uint umask) => umask == 0 ? this : new HelperActor(id, env, umask);
    public Errno Stat(string path) => Sys.Stat(path, out _);
    public Errno Chmod(string path, uint mode) => Sys.Chmod(path, mode);
    public Errno Chown(string path, int uid, int gid) => Sys.Chown(path, (uint)uid, (uint)gid);
    public Errno Lchown(string path, int uid, int gid) => Sys.Lchown(path, (uint)uid, (uint)gid);
    public Errno Link(string oldPath, string newPath) => Sys.Link(oldPath, newPath);
    public Errno Symlink(string target, string path) => Sys.Symlink(target, path);
    public Errno Unlink(string path) => Sys.Unlink(path);
    public Errno Rmdir(string path) => Sys.Rmdir(path);
    public Errno Mkdir(string path, uint mode) => Sys.Mkdir(path, mode);
    public Errno Mkfifo(string path, uint mode) => Sys.Mkfifo(path, mode);
    public Errno Mknod(string path, uint mode, uint major = 0, uint minor = 0) => Sys.Mknod(path, mode, major, minor);
    public Errno Open(string path, OpenFlags flags, uint mode = 0) => Sys.Open(path, flags, mode);
    public Errno Rename(string oldPath, string newPath) => Sys.Rename(oldPath, newPath);
    public Errno Renameat2(string oldPath, string newPath, uint flags) => Sys.Renameat2(oldPath, newPath, flags);
    public Errno Truncate(string path, long length) => Sys.Truncate(path, length);

    public Errno Write(string path, string text, bool append = false)
    {
        var e = Sys.Open(path, append ? OpenFlags.O_WRONLY | OpenFlags.O_APPEND : OpenFlags.O_WRONLY, 0, out var fd);
        using (fd) return e != Errno.OK ? e : fd.Write(text);
    }

    public Errno Read(string path, out string content)
    {
        content = "";
        var e = Sys.Open(path, OpenFlags.O_RDONLY, 0, out var fd);
        using (fd)
        {
            if (e != Errno.OK) return e;
            e = fd.PRead(0, 1 << 20, out var data);
            content = System.Text.Encoding.UTF8.GetString(data);
            return e;
        }
    }

    public Errno Utimens(string path, Ts? atime, Ts? mtime, bool noFollow = false) => Sys.Utimens(path, atime, mtime, noFollow);
    public Errno SetXattr(string path, string name, string value, int flags = 0) => Sys.SetXattr(path, name, value, flags);
    public Errno GetXattr(string path, string name, out string value) => Sys.GetXattr(path, name, out value);
    public Errno ListXattr(string path, out string[] names) => Sys.ListXattr(path, out names);
    public Errno RemoveXattr(string path, string name) => Sys.RemoveXattr(path, name);
}

/// <summary>
/// Runs <c>setpriv --reuid --regid --groups -- posixop [-u umask] op args</c> (no setpriv for root,
/// which only uses the helper for a non-zero umask).
/// </summary>
public sealed class HelperActor(Identity id, PosixEnvironment env, uint umask) : IActor
{
    public Identity Id => id;
    public IActor WithUmask(uint mask) => new HelperActor(id, env, mask);

    private (Errno Errno, string Payload) Call(params string[] args)
    {
        var argv = new List<string>();
        string file;
        if (id.IsRoot)
        {
            file = env.HelperPath;
        }
        else
        {
            file = "setpriv";
            argv.AddRange([$"--reuid={id.Uid}", $"--regid={id.Gid}"]);
            argv.Add(id.Groups.Count == 0 ? "--clear-groups" : $"--groups={string.Join(',', id.Groups)}");
            argv.AddRange(["--", env.HelperPath]);
        }
        argv.AddRange(["-u", Convert.ToString(umask, 8)]);
        argv.AddRange(args);
        var r = ProcessRunner.Run(file, argv);
        var line = r.StdOut.TrimEnd('\n');
        if (r.ExitCode != 0 || line.Length == 0)
            throw new InvalidOperationException($"posixop as {id} failed: {string.Join(' ', argv)}: {r}");
        var space = line.IndexOf(' ');
        var status = space < 0 ? line : line[..space];
        var payload = space < 0 ? "" : line[(space + 1)..];
        return Enum.TryParse<Errno>(status, out var e)
            ? (e, payload)
            : throw new InvalidOperationException($"posixop as {id}: unknown status '{status}'");
    }

    private static string O(uint mode) => Convert.ToString(mode, 8);
    private static string T(Ts? t) =>
        t is null ? "null" : t == Utime.Now ? "now" : t == Utime.Omit ? "omit" : $"{t.Value.Sec}.{t.Value.Nsec}";

    public Errno Stat(string path) => Call("stat", path).Errno;
    public Errno Chmod(string path, uint mode) => Call("chmod", path, O(mode)).Errno;
    public Errno Chown(string path, int uid, int gid) => Call("chown", path, uid.ToString(), gid.ToString()).Errno;
    public Errno Lchown(string path, int uid, int gid) => Call("lchown", path, uid.ToString(), gid.ToString()).Errno;
    public Errno Link(string oldPath, string newPath) => Call("link", oldPath, newPath).Errno;
    public Errno Symlink(string target, string path) => Call("symlink", target, path).Errno;
    public Errno Unlink(string path) => Call("unlink", path).Errno;
    public Errno Rmdir(string path) => Call("rmdir", path).Errno;
    public Errno Mkdir(string path, uint mode) => Call("mkdir", path, O(mode)).Errno;
    public Errno Mkfifo(string path, uint mode) => Call("mkfifo", path, O(mode)).Errno;
    public Errno Mknod(string path, uint mode, uint major = 0, uint minor = 0) =>
        Call("mknod", path, O(mode), major.ToString(), minor.ToString()).Errno;
    public Errno Open(string path, OpenFlags flags, uint mode = 0) =>
        Call("open", path, flags == OpenFlags.O_RDONLY ? "O_RDONLY" : flags.ToString().Replace(", ", "|"), O(mode)).Errno;
    public Errno Rename(string oldPath, string newPath) => Call("rename", oldPath, newPath).Errno;
    public Errno Renameat2(string oldPath, string newPath, uint flags) =>
        Call("renameat2", oldPath, newPath,
            ((flags & Libc.RENAME_NOREPLACE) != 0 ? "noreplace," : "") + ((flags & Libc.RENAME_EXCHANGE) != 0 ? "exchange" : "")).Errno;
    public Errno Truncate(string path, long length) => Call("truncate", path, length.ToString()).Errno;
    public Errno Write(string path, string text, bool append = false) => Call(append ? "append" : "write", path, text).Errno;

    public Errno Read(string path, out string content)
    {
        (var e, content) = Call("read", path);
        return e;
    }

    public Errno Utimens(string path, Ts? atime, Ts? mtime, bool noFollow = false) =>
        atime is null && mtime is null
            ? Call(noFollow ? "lutimens" : "utimens", path, "null").Errno
            : Call(noFollow ? "lutimens" : "utimens", path, T(atime), T(mtime)).Errno;

    public Errno SetXattr(string path, string name, string value, int flags = 0) =>
        Call("setxattr", path, name, value, flags == Libc.XATTR_CREATE ? "create" : flags == Libc.XATTR_REPLACE ? "replace" : "0").Errno;

    public Errno GetXattr(string path, string name, out string value)
    {
        (var e, value) = Call("getxattr", path, name);
        return e;
    }

    public Errno ListXattr(string path, out string[] names)
    {
        (var e, var payload) = Call("listxattr", path);
        names = payload.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return e;
    }

    public Errno RemoveXattr(string path, string name) => Call("removexattr", path, name).Errno;
}
