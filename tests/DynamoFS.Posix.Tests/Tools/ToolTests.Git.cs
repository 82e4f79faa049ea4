using DynamoFS.Posix.Tests.Conformance;

namespace DynamoFS.Posix.Tests.Tools;

public abstract partial class ToolTests<TFs>
{
    private ProcessResult Git(string repo, params string[] args) =>
        Tool(repo, "git", ["-c", "user.name=DynamoFS Test", "-c", "user.email=test@dynamofs.invalid",
            "-c", "init.defaultBranch=main", .. args]);

    [Fact]
    public void Git_InitAddCommitLog_RoundTrip()
    {
        var repo = Path.Combine(Dir, "repo");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q");
        GenerateTree(Path.Combine(repo, "tree"), seed: 7, files: 40);
        File.WriteAllText(Path.Combine(repo, "README"), "first\n");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "first commit");

        File.WriteAllText(Path.Combine(repo, "README"), "second\n");
        File.Delete(Path.Combine(repo, "tree", "file030.txt"));
        Git(repo, "mv", "README", "README.md");
        Git(repo, "commit", "-q", "-a", "-m", "second commit");

        var log = Git(repo, "log", "--format=%s").StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["second commit", "first commit"], log);
        Assert.Equal("", Git(repo, "status", "--porcelain").StdOut);
        Assert.Contains("tree/file030.txt", Git(repo, "show", "--name-status", "--format=", "HEAD").StdOut);
        Git(repo, "fsck", "--full", "--strict");

        // Old content comes back from the object store.
        Assert.Equal("first\n", Git(repo, "show", "HEAD~1:README").StdOut);

        // A local clone hard-links the objects within the same file system.
        var clone = Path.Combine(Dir, "clone");
        Git(Dir, "clone", "-q", "--local", repo, clone);
        Assert.Equal(Git(repo, "rev-parse", "HEAD").StdOut, Git(clone, "rev-parse", "HEAD").StdOut);
        Assert.Equal("second\n", File.ReadAllText(Path.Combine(clone, "README.md")));
        Assert.Equal("", Git(clone, "status", "--porcelain").StdOut);
        Git(clone, "fsck", "--full");

        // Repacking rewrites and renames objects, then prunes the loose ones.
        Git(repo, "gc", "-q", "--prune=now");
        Git(repo, "fsck", "--full");
        Assert.Equal("2", Git(repo, "rev-list", "--count", "HEAD").StdOut.Trim());
        Git(repo, "checkout", "-q", "HEAD~1");
        Assert.Equal("first\n", File.ReadAllText(Path.Combine(repo, "README")));
        Assert.True(File.Exists(Path.Combine(repo, "tree", "file030.txt")));
    }
}
