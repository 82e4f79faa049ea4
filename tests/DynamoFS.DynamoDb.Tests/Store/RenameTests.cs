using DynamoFS.Core.Storage;
using static DynamoFS.DynamoDb.Tests.Store.TestFileSystem;

namespace DynamoFS.DynamoDb.Tests.Store;

public sealed class RenameTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static InodeRecord Next(InodeRecord r) => r with { Version = r.Version + 1, ChangeTimeNs = r.ChangeTimeNs + 1 };

    private static async Task<IReadOnlyList<InodeRecord>> AncestorsAsync(TestFileSystem fs, ulong dir)
    {
        var list = new List<InodeRecord>();
        while (true)
        {
            var d = await fs.InodeAsync(dir);
            list.Add(d);
            if (d.Parent == d.Id)
            {
                return list;
            }
            dir = d.Parent;
        }
    }

    [Fact]
    public async Task Rename_to_a_new_name_then_replace_an_existing_file()
    {
        await using var fs = await CreateAsync();
        var a = await fs.CreateFileAsync(Root, "a");
        Assert.Equal(StoreStatus.Ok, await fs.Store.RenameAsync(new RenamePlan
        {
            SourceDirectory = Root, SourceName = N("a"), TargetDirectory = Root, TargetName = N("b"),
            Moved = a, MovedUpdated = Next(a),
        }, None));
        Assert.Equal(["b"], await fs.ListAsync(Root));

        var c = await fs.CreateFileAsync(Root, "c");
        var b = await fs.InodeAsync(a.Id);
        Assert.Equal(StoreStatus.Ok, await fs.Store.RenameAsync(new RenamePlan
        {
            SourceDirectory = Root, SourceName = N("b"), TargetDirectory = Root, TargetName = N("c"),
            Moved = b, MovedUpdated = Next(b), Target = c, TargetUpdated = null,
        }, None));
        Assert.Equal(["c"], await fs.ListAsync(Root));
        Assert.Equal(a.Id, (await fs.Store.GetEntryAsync(Root, N("c"), None))!.Inode);
        Assert.Null(await fs.Store.GetInodeAsync(c.Id, None));

        // A target with other links keeps living with one link less.
        var d = await fs.CreateFileAsync(Root, "d");
        var d2 = d with { Links = 2, Version = 2 };
        Assert.Equal(StoreStatus.Ok, await fs.Store.LinkAsync(Root, N("d-link"), d2, None));
        var moved = await fs.InodeAsync(a.Id);
        Assert.Equal(StoreStatus.Ok, await fs.Store.RenameAsync(new RenamePlan
        {
            SourceDirectory = Root, SourceName = N("c"), TargetDirectory = Root, TargetName = N("d"),
            Moved = moved, MovedUpdated = Next(moved), Target = d2, TargetUpdated = d2 with { Links = 1, Version = 3 },
        }, None));
        Assert.Equal(1u, (await fs.InodeAsync(d.Id)).Links);
        Assert.Equal(["d", "d-link"], (await fs.ListAsync(Root)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Noreplace_and_stale_plans_are_refused()
    {
        await using var fs = await CreateAsync();
        var a = await fs.CreateFileAsync(Root, "a");
        await fs.CreateFileAsync(Root, "b");
        var plan = new RenamePlan
        {
            SourceDirectory = Root, SourceName = N("a"), TargetDirectory = Root, TargetName = N("b"),
            Moved = a, MovedUpdated = Next(a), NoReplace = true,
        };
        Assert.Equal(StoreStatus.Exists, await fs.Store.RenameAsync(plan, None));
        // Without NOREPLACE, a plan that thought the target absent must re-read.
        Assert.Equal(StoreStatus.Conflict, await fs.Store.RenameAsync(plan with { NoReplace = false }, None));
        // Source gone.
        Assert.Equal(StoreStatus.NotFound, await fs.Store.RenameAsync(plan with { SourceName = N("zz"), TargetName = N("new") }, None));
        // Moved inode changed since it was read.
        Assert.Equal(StoreStatus.Ok, await fs.Store.UpdateInodeAsync(Next(a), None));
        Assert.Equal(StoreStatus.Conflict, await fs.Store.RenameAsync(plan with { TargetName = N("new") }, None));
        Assert.Equal(["a", "b"], (await fs.ListAsync(Root)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Exchange_swaps_two_names_across_directories()
    {
        await using var fs = await CreateAsync();
        var x = await fs.MkdirAsync(Root, "x");
        var file = await fs.CreateFileAsync(Root, "file");
        var sub = await fs.MkdirAsync(x.Id, "sub");
        // Exchange /file with /x/sub: the directory moves to the root, the file into x.
        Assert.Equal(StoreStatus.Ok, await fs.Store.RenameAsync(new RenamePlan
        {
            SourceDirectory = Root, SourceName = N("file"), TargetDirectory = x.Id, TargetName = N("sub"),
            Moved = file, MovedUpdated = Next(file),
            Target = sub, TargetUpdated = Next(sub) with { Parent = Root },
            Exchange = true,
            TargetAncestors = await AncestorsAsync(fs, x.Id),
        }, None));
        Assert.Equal(sub.Id, (await fs.Store.GetEntryAsync(Root, N("file"), None))!.Inode);
        Assert.Equal(0x4000u, (await fs.Store.GetEntryAsync(Root, N("file"), None))!.Type);
        Assert.Equal(file.Id, (await fs.Store.GetEntryAsync(x.Id, N("sub"), None))!.Inode);
        // nlink: the subdirectory left x for the root.
        Assert.Equal(2u, (await fs.InodeAsync(x.Id)).Links);
        Assert.Equal(4u, (await fs.InodeAsync(Root)).Links);
        Assert.Equal(Root, (await fs.InodeAsync(sub.Id)).Parent);
    }

    [Fact]
    public async Task Directory_moves_across_parents_adjust_both_link_counts()
    {
        await using var fs = await CreateAsync();
        var x = await fs.MkdirAsync(Root, "x");
        var y = await fs.MkdirAsync(Root, "y");
        var d = await fs.MkdirAsync(x.Id, "d");
        Assert.Equal(3u, (await fs.InodeAsync(x.Id)).Links);
        var records = new List<DynamoFS.DynamoDb.Requests.TransactionRecord>();
        fs.Store.Table.TransactionObserver = records.Add;
        Assert.Equal(StoreStatus.Ok, await fs.Store.RenameAsync(new RenamePlan
        {
            SourceDirectory = x.Id, SourceName = N("d"), TargetDirectory = y.Id, TargetName = N("d"),
            Moved = d, MovedUpdated = Next(d) with { Parent = y.Id },
            TargetAncestors = await AncestorsAsync(fs, y.Id),
        }, None));
        Assert.Equal(2u, (await fs.InodeAsync(x.Id)).Links);
        Assert.Equal(3u, (await fs.InodeAsync(y.Id)).Links);
        Assert.Equal(4u, (await fs.InodeAsync(Root)).Links);
        Assert.Equal(y.Id, (await fs.InodeAsync(d.Id)).Parent);
        Assert.Empty(await fs.ListAsync(x.Id));
        Assert.Equal(["d"], await fs.ListAsync(y.Id));
        // One transaction: 2 entries, the moved inode, both parents, the root as y's ancestor.
        Assert.Single(records);
        Assert.Equal(6, records[0].Items.Count);
    }

    [Fact]
    public async Task Moving_a_directory_into_its_own_subtree_is_refused()
    {
        await using var fs = await CreateAsync();
        var a = await fs.MkdirAsync(Root, "a");
        var b = await fs.MkdirAsync(a.Id, "b");
        var c = await fs.MkdirAsync(b.Id, "c");
        var plan = new RenamePlan
        {
            SourceDirectory = Root, SourceName = N("a"), TargetDirectory = c.Id, TargetName = N("a"),
            Moved = a, MovedUpdated = Next(a) with { Parent = c.Id },
            TargetAncestors = await AncestorsAsync(fs, c.Id),
        };
        Assert.Equal(StoreStatus.WouldCreateCycle, await fs.Store.RenameAsync(plan, None));
        Assert.Equal(StoreStatus.WouldCreateCycle, await fs.Store.RenameAsync(plan with { TargetDirectory = a.Id, TargetAncestors = await AncestorsAsync(fs, a.Id) }, None));
    }

    [Fact]
    public async Task A_crossed_move_of_an_ancestor_cancels_the_rename()
    {
        await using var fs = await CreateAsync();
        var a = await fs.MkdirAsync(Root, "a");
        var b = await fs.MkdirAsync(Root, "b");
        // Client 1 plans mv /a /b/a (ancestors of b: b, root). Client 2 first does mv /b /a/b.
        var plan1 = new RenamePlan
        {
            SourceDirectory = Root, SourceName = N("a"), TargetDirectory = b.Id, TargetName = N("a"),
            Moved = a, MovedUpdated = Next(a) with { Parent = b.Id },
            TargetAncestors = await AncestorsAsync(fs, b.Id),
        };
        var bNow = await fs.InodeAsync(b.Id);
        Assert.Equal(StoreStatus.Ok, await fs.Store.RenameAsync(new RenamePlan
        {
            SourceDirectory = Root, SourceName = N("b"), TargetDirectory = a.Id, TargetName = N("b"),
            Moved = bNow, MovedUpdated = Next(bNow) with { Parent = a.Id },
            TargetAncestors = await AncestorsAsync(fs, a.Id),
        }, None));
        // b's parent pointer changed (and a's version moved with its nlink): client 1's plan is stale.
        Assert.Equal(StoreStatus.Conflict, await fs.Store.RenameAsync(plan1, None));
        // Re-planned with fresh reads, it is a cycle.
        var aNow = await fs.InodeAsync(a.Id);
        Assert.Equal(StoreStatus.WouldCreateCycle, await fs.Store.RenameAsync(plan1 with
        {
            Moved = aNow, MovedUpdated = Next(aNow) with { Parent = b.Id }, TargetAncestors = await AncestorsAsync(fs, b.Id),
        }, None));
    }

    [Fact]
    public async Task Replacing_a_directory_requires_it_empty()
    {
        await using var fs = await CreateAsync();
        var src = await fs.MkdirAsync(Root, "src");
        var dst = await fs.MkdirAsync(Root, "dst");
        await fs.CreateFileAsync(dst.Id, "inside");
        RenamePlan Plan(InodeRecord s, InodeRecord t) => new()
        {
            SourceDirectory = Root, SourceName = N("src"), TargetDirectory = Root, TargetName = N("dst"),
            Moved = s, MovedUpdated = Next(s), Target = t, TargetUpdated = null,
        };
        Assert.Equal(StoreStatus.NotEmpty, await fs.Store.RenameAsync(Plan(src, dst), None));
        var inside = await fs.Store.GetEntryAsync(dst.Id, N("inside"), None);
        Assert.Equal(StoreStatus.Ok, await fs.Store.RemoveAsync(dst.Id, N("inside"), await fs.InodeAsync(inside!.Inode), null, None));
        Assert.Equal(4u, (await fs.InodeAsync(Root)).Links);
        Assert.Equal(StoreStatus.Ok, await fs.Store.RenameAsync(Plan(src, await fs.InodeAsync(dst.Id)), None));
        Assert.Equal(3u, (await fs.InodeAsync(Root)).Links);
        Assert.Null(await fs.Store.GetInodeAsync(dst.Id, None));
        Assert.Equal(["dst"], await fs.ListAsync(Root));
        // And nothing can be created in the replaced directory.
        Assert.Equal(StoreStatus.DirectoryRemoved, await fs.Store.CreateAsync(dst.Id, N("late"), await fs.NewFileAsync(), None));
    }
}
