using System.Security.Cryptography;
using System.Text;
using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

/// <summary>
/// Machine-wide setup shared by every fixture: the test users and groups (created idempotently with
/// useradd/groupadd) and the <c>posixop</c> helper (compiled once with gcc into a temp directory).
/// <list type="bullet">
/// <item><c>dfs_u1</c>: primary group <c>dfs_u1</c>, member of <c>dfs_g1</c>.</item>
/// <item><c>dfs_u2</c>: primary group <c>dfs_u2</c>, member of <c>dfs_g1</c> and <c>dfs_g2</c>.</item>
/// <item>an outsider with uid/gid 65432 and no passwd entry and no supplementary groups.</item>
/// </list>
/// The process umask is set to 0 so that root steps made in-process create exactly the modes asked for;
/// umask behaviour is tested through the helper (<see cref="IActor.WithUmask"/>).
/// </summary>
public sealed class PosixEnvironment
{
    public const string User1 = "dfs_u1", User2 = "dfs_u2", Group1 = "dfs_g1", Group2 = "dfs_g2";
    private static readonly Lazy<PosixEnvironment> Shared = new(() => new PosixEnvironment(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static PosixEnvironment Instance => Shared.Value;

    public string HelperPath { get; }
    public uint G1 { get; }
    public uint G2 { get; }
    public Identity RootId { get; } = new("root", 0, 0, [0]);
    public Identity U1Id { get; }
    public Identity U2Id { get; }
    public Identity OutsiderId { get; } = new("outsider", 65432, 65432, []);

    public IActor Root { get; }
    public IActor U1 { get; }
    public IActor U2 { get; }
    public IActor Outsider { get; }

    private PosixEnvironment()
    {
        if (Environment.UserName != "root" && ProcessRunner.Run("id", "-u").StdOut.Trim() != "0")
            throw new InvalidOperationException("the POSIX conformance suite must run as root");
        Sys.Umask(0);

        EnsureGroup(Group1);
        EnsureGroup(Group2);
        EnsureUser(User1, [Group1]);
        EnsureUser(User2, [Group1, Group2]);
        G1 = GroupId(Group1);
        G2 = GroupId(Group2);
        U1Id = Lookup(User1);
        U2Id = Lookup(User2);

        HelperPath = CompileHelper();
        Root = new RootActor(RootId, this);
        U1 = new HelperActor(U1Id, this, 0);
        U2 = new HelperActor(U2Id, this, 0);
        Outsider = new HelperActor(OutsiderId, this, 0);
    }

    private static void EnsureGroup(string name)
    {
        if (ProcessRunner.Run("getent", "group", name).ExitCode == 0) return;
        var r = ProcessRunner.Run("groupadd", name);
        if (r.ExitCode is not (0 or 9)) throw new InvalidOperationException($"groupadd {name}: {r}"); // 9 = exists
    }

    private static void EnsureUser(string name, string[] groups)
    {
        if (ProcessRunner.Run("getent", "passwd", name).ExitCode != 0)
        {
            var r = ProcessRunner.Run("useradd", "-M", "-U", "-s", "/usr/sbin/nologin", "-d", "/nonexistent", name);
            if (r.ExitCode is not (0 or 9)) throw new InvalidOperationException($"useradd {name}: {r}");
        }
        ProcessRunner.Check("usermod", "-a", "-G", string.Join(',', groups), name);
    }

    private static uint GroupId(string name) =>
        uint.Parse(ProcessRunner.Check("getent", "group", name).StdOut.Split(':')[2]);

    private static Identity Lookup(string user)
    {
        var uid = uint.Parse(ProcessRunner.Check("id", "-u", user).StdOut.Trim());
        var gid = uint.Parse(ProcessRunner.Check("id", "-g", user).StdOut.Trim());
        var groups = ProcessRunner.Check("id", "-G", user).StdOut
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(uint.Parse).ToArray();
        return new Identity(user, uid, gid, groups);
    }

    private static string CompileHelper()
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(PosixOpSource.Code)))[..16].ToLowerInvariant();
        var dir = Path.Combine(Path.GetTempPath(), $"dfs-posixop-{hash}");
        var exe = Path.Combine(dir, "posixop");
        if (File.Exists(exe)) return exe;
        var tmp = Path.Combine(Path.GetTempPath(), $"dfs-posixop-build-{Guid.NewGuid():N}");
        Directory.CreateDirectory(tmp);
        File.WriteAllText(Path.Combine(tmp, "posixop.c"), PosixOpSource.Code);
        ProcessRunner.Check("gcc", "-O1", "-Wall", "-o", Path.Combine(tmp, "posixop"), Path.Combine(tmp, "posixop.c"));
        // Readable and executable by the unprivileged test users.
        Sys.Chmod(tmp, 0x1ED); // 0755
        Sys.Chmod(Path.Combine(tmp, "posixop"), 0x1ED);
        try { Directory.Move(tmp, dir); }
        catch (IOException) when (File.Exists(exe)) { Directory.Delete(tmp, true); } // lost a race: fine
        return exe;
    }
}
