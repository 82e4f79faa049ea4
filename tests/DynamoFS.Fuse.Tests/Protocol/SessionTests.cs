using System.Runtime.InteropServices;
using System.Text;
using DynamoFS.Fuse.Abi;
using static DynamoFS.Fuse.Tests.Protocol.RequestBuilder;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>The session against a fake /dev/fuse: INIT, dispatch, lookup counting, interrupts, end of session.</summary>
public class SessionTests
{
    private static bool WaitUntil(Func<bool> condition, int ms = 5000) => SpinWait.SpinUntil(condition, ms);

    [Fact]
    public void InitReplyIsSixtyFourBytesWithNegotiatedLimits()
    {
        using var h = new SessionHarness(init: false);
        var reply = h.Send(FuseOpcode.Init, 0, InitBody(flags: 0xFFFF_FFFF));
        Assert.Equal(16 + 64, reply.Length);
        var init = SessionHarness.Body<FuseInitOut>(reply);
        Assert.Equal(7u, init.Major);
        Assert.Equal(36u, init.Minor);
        Assert.Equal(1024u * 1024, init.MaxWrite);
        Assert.Equal(256, init.MaxPages);
        Assert.Equal(0u, init.Flags2);
        Assert.True(SessionHarness.Wait(h.Session.Ready, 1000));
    }

    [Fact]
    public void InitNeverClaimsFlagsTheKernelDidNotOffer()
    {
        using var h = new SessionHarness(init: false);
        uint offered = (uint)(FuseInitFlags.AsyncRead | FuseInitFlags.BigWrites | FuseInitFlags.WritebackCache);
        var init = SessionHarness.Body<FuseInitOut>(h.Send(FuseOpcode.Init, 0, InitBody(flags: offered, flags2: 0)));
        Assert.Equal((uint)(FuseInitFlags.AsyncRead | FuseInitFlags.BigWrites), init.Flags);
        // Without MAX_PAGES the kernel caps requests at 32 pages.
        Assert.Equal(32u * (uint)Environment.SystemPageSize, init.MaxWrite);
    }

    [Fact]
    public void NewerMajorGetsOurVersionThenASecondInit()
    {
        using var h = new SessionHarness(init: false);
        var first = SessionHarness.Body<FuseInitOut>(h.Send(FuseOpcode.Init, 0, InitBody(major: 8, minor: 0)));
        Assert.Equal(7u, first.Major);
        Assert.Equal(36u, first.Minor);
        Assert.False(h.Session.Ready.IsCompleted);
        var second = SessionHarness.Body<FuseInitOut>(h.Send(FuseOpcode.Init, 0, InitBody()));
        Assert.Equal(36u, second.Minor);
        Assert.True(SessionHarness.Wait(h.Session.Ready, 1000));
    }

    [Theory]
    [InlineData(6u, 40u)]  // major < 7
    [InlineData(7u, 20u)]  // minor older than 7.28
    public void UnsupportedKernelIsAnsweredEproto(uint major, uint minor)
    {
        using var h = new SessionHarness(init: false);
        Assert.Equal(-Errno.EPROTO, FakeChannel.ErrorOf(h.Send(FuseOpcode.Init, 0, InitBody(major, minor))));
        Assert.Throws<AggregateException>(() => SessionHarness.Wait(h.Session.Ready, 5000));
    }

    [Fact]
    public void EntryRepliesCountLookupsAndForgetReachesTheFileSystemAtZero()
    {
        using var h = new SessionHarness(readers: 1);
        var reply = h.Send(FuseOpcode.Lookup, 1, Name("n5"));
        Assert.Equal(16 + 128, reply.Length);
        Assert.Equal(5UL, SessionHarness.Body<FuseEntryOut>(reply).NodeId);
        h.Send(FuseOpcode.Lookup, 1, Name("n5"));
        h.Send(FuseOpcode.MkDir, 1, Concat(U32(0x1ED), U32(0x12), Name("n5")));
        Assert.Equal(3UL, h.Session.Lookups.Get(5));

        h.Post(FuseOpcode.Forget, 5, U64(2)); // nlookup u64 = 2
        h.Send(FuseOpcode.GetAttr, 1, new byte[16]); // one reader: the FORGET was handled before this
        Assert.Empty(h.Fs.Forgotten);
        Assert.Equal(1UL, h.Session.Lookups.Get(5));

        // count u32 = 1 | dummy | { nodeid 5, nlookup 1 }
        h.Post(FuseOpcode.BatchForget, 0, Hex("01000000 | 00000000 | 0500000000000000 | 0100000000000000"));
        Assert.True(WaitUntil(() => h.Fs.Forgotten.Contains(5UL)));
        Assert.Equal(0UL, h.Session.Lookups.Get(5));
    }

    [Fact]
    public void CreationAnsweredWithAnEntryTheKernelWouldDropIsEioAndNotCounted()
    {
        using var h = new SessionHarness();
        // mode u32 = 0755 | umask u32 = 022 | name: the scripted FS answers a regular file for a MKDIR
        var reply = h.Send(FuseOpcode.MkDir, 1, Concat(U32(0x1ED), U32(0x12), Name("wrongtype8")));
        Assert.Equal(-Errno.EIO, FakeChannel.ErrorOf(reply));
        Assert.Equal(0UL, h.Session.Lookups.Get(8));
        var ok = h.Send(FuseOpcode.MkDir, 1, Concat(U32(0x1ED), U32(0x12), Name("n8")));
        Assert.Equal(FileMode.Directory | 0x1ED, SessionHarness.Body<FuseEntryOut>(ok).Attr.Mode);
        Assert.Equal(1UL, h.Session.Lookups.Get(8));
    }

    [Fact]
    public void NegativeLookupsAndErrorsCountNothing()
    {
        using var h = new SessionHarness();
        Assert.Equal(-Errno.ENOENT, FakeChannel.ErrorOf(h.Send(FuseOpcode.Lookup, 1, Name("missing"))));
        Assert.Equal(0, h.Session.Lookups.Count);
    }

    [Fact]
    public void EntryReplyThatIsNotDeliveredIsNotCounted()
    {
        using var h = new SessionHarness();
        ulong unique = h.NextUnique();
        h.Channel.WriteResult = m => MemoryMarshal.Read<ulong>(m.AsSpan(8)) == unique ? Errno.ENOENT : 0;
        h.Channel.Push(Request(FuseOpcode.Lookup, unique, 1, Name("n6")));
        Assert.True(WaitUntil(() => h.Fs.Forgotten.Contains(6UL)));
        Assert.Equal(0UL, h.Session.Lookups.Get(6));
    }

    [Fact]
    public void CreateReplyCarriesEntryAndOpenAndCountsOnce()
    {
        using var h = new SessionHarness();
        // flags u32 = O_CREAT|O_RDWR | mode = S_IFREG|0644 | umask = 022 | open_flags | name
        var reply = h.Send(FuseOpcode.Create, 1, Concat(U32(0x42), U32(0x81A4), U32(0x12), U32(0), Name("f")));
        Assert.Equal(16 + 128 + 16, reply.Length);
        var open = MemoryMarshal.Read<FuseOpenOut>(reply.AsSpan(16 + 128));
        Assert.Equal(77UL, open.Fh);
        Assert.Equal((uint)FuseOpenFlags.KeepCache, open.OpenFlags);
        Assert.Equal(1UL, h.Session.Lookups.Get(9));
    }

    [Fact]
    public void ReaddirplusCountsEveryRecordSentExceptDotAndDotDot()
    {
        using var h = new SessionHarness();
        // fh u64 | cookie u64 = 0 | size u32 = 4096 | read_flags | lock_owner | flags | padding
        var reply = h.Send(FuseOpcode.ReadDirPlus, 1, Concat(U64(1), U64(0), U32(4096), U32(0), U64(0), U32(0), U32(0)));
        Assert.Equal(0, FakeChannel.ErrorOf(reply));
        // 12 records of align8(152 + namelen): ".", ".." -> 160 each; "n10".."n19" -> 160 each.
        Assert.Equal(16 + 12 * 160, reply.Length);
        Assert.Equal(0UL, h.Session.Lookups.Get(1));
        for (ulong node = 10; node < 20; node++) Assert.Equal(1UL, h.Session.Lookups.Get(node));
    }

    [Fact]
    public void ReaddirplusThatOnlyPartlyFitsCountsOnlyWhatWasSent()
    {
        using var h = new SessionHarness();
        // size u32 = 500: three 160-byte records fit (".", "..", "n10")
        var reply = h.Send(FuseOpcode.ReadDirPlus, 1, Concat(U64(1), U64(0), U32(500), U32(0), U64(0), U32(0), U32(0)));
        Assert.Equal(16 + 480, reply.Length);
        Assert.Equal(1UL, h.Session.Lookups.Get(10));
        Assert.Equal(0UL, h.Session.Lookups.Get(11));
    }

    [Fact]
    public void PlainReaddirNeverCounts()
    {
        using var h = new SessionHarness();
        var reply = h.Send(FuseOpcode.ReadDir, 1, Concat(U64(1), U64(2), U32(4096), U32(0), U64(0), U32(0), U32(0)));
        // From cookie 2: n10..n19, each align8(24 + 3) = 32 bytes.
        Assert.Equal(16 + 10 * 32, reply.Length);
        Assert.Equal(0, h.Session.Lookups.Count);
    }

    [Fact]
    public void SessionEndForgetsEverythingStillReferencedThenDestroys()
    {
        var h = new SessionHarness();
        h.Send(FuseOpcode.Lookup, 1, Name("n5"));
        h.Send(FuseOpcode.Lookup, 1, Name("n6"));
        h.Send(FuseOpcode.Lookup, 1, Name("n6"));
        h.End();
        Assert.Equal([5UL, 6UL], h.Fs.Forgotten.Order());
        Assert.True(h.Fs.Destroyed);
    }

    [Fact]
    public void InterruptCancelsTheRequestWhichAnswersEintr()
    {
        using var h = new SessionHarness();
        ulong target = h.Post(FuseOpcode.Lookup, 1, Name("block"));
        Assert.True(SessionHarness.Wait(h.Fs.BlockStarted.Task, 5000));
        h.Channel.Push(Request(FuseOpcode.Interrupt, target | 1, 0, U64(target)));
        Assert.Equal(-Errno.EINTR, FakeChannel.ErrorOf(h.Channel.ReplyFor(target)));
        // A successful interrupt is not answered itself.
        Assert.False(h.Channel.TryReplyFor(target | 1, 200, out _));
    }

    [Fact]
    public void HandlerThatThrowsOperationCanceledAfterInterruptAnswersEintr()
    {
        using var h = new SessionHarness();
        ulong target = h.Post(FuseOpcode.Lookup, 1, Name("cancelthrow"));
        Assert.True(SessionHarness.Wait(h.Fs.BlockStarted.Task, 5000));
        h.Channel.Push(Request(FuseOpcode.Interrupt, target | 1, 0, U64(target)));
        Assert.Equal(-Errno.EINTR, FakeChannel.ErrorOf(h.Channel.ReplyFor(target)));
    }

    [Fact]
    public void InterruptForAnUnknownRequestIsAnsweredEagain()
    {
        using var h = new SessionHarness();
        h.Channel.Push(Request(FuseOpcode.Interrupt, 9001, 0, U64(9000)));
        Assert.Equal(-Errno.EAGAIN, FakeChannel.ErrorOf(h.Channel.ReplyFor(9001)));
    }

    [Fact]
    public void BlockingSetlkwDoesNotStallOtherRequests()
    {
        using var h = new SessionHarness(readers: 1);
        // fh | owner | start 0 | end OFFSET_MAX | type F_WRLCK | pid | lk_flags | padding
        ulong setlkw = h.Post(FuseOpcode.SetLkW, 5, Concat(U64(1), U64(2), U64(0), U64(long.MaxValue), U32(1), U32(4242), U32(0), U32(0)));
        Assert.True(SessionHarness.Wait(h.Fs.BlockStarted.Task, 5000));
        for (int i = 0; i < 5; i++) Assert.Equal(0, FakeChannel.ErrorOf(h.Send(FuseOpcode.GetAttr, 5, new byte[16])));
        h.Channel.Push(Request(FuseOpcode.Interrupt, setlkw | 1, 0, U64(setlkw)));
        Assert.Equal(-Errno.EINTR, FakeChannel.ErrorOf(h.Channel.ReplyFor(setlkw)));
    }

    [Fact]
    public void HandlerBlockingItsThreadSynchronouslyDoesNotStallOthers()
    {
        using var h = new SessionHarness(readers: 1);
        var blocked = new List<ulong>();
        for (int i = 0; i < 3; i++) blocked.Add(h.Post(FuseOpcode.Lookup, 1, Name("syncblock")));
        Assert.True(SessionHarness.Wait(h.Fs.BlockStarted.Task, 5000));
        for (int i = 0; i < 5; i++) Assert.Equal(0, FakeChannel.ErrorOf(h.Send(FuseOpcode.GetAttr, 5, new byte[16])));
        foreach (ulong unique in blocked)
        {
            h.Channel.Push(Request(FuseOpcode.Interrupt, unique | 1, 0, U64(unique)));
            Assert.Equal(-Errno.EINTR, FakeChannel.ErrorOf(h.Channel.ReplyFor(unique)));
        }
    }

    [Fact]
    public void HandlerExceptionBecomesEio()
    {
        using var h = new SessionHarness();
        Assert.Equal(-Errno.EIO, FakeChannel.ErrorOf(h.Send(FuseOpcode.Lookup, 1, Name("throw"))));
    }

    [Theory]
    [InlineData((uint)FuseOpcode.Ioctl)]
    [InlineData((uint)FuseOpcode.Poll)]
    [InlineData((uint)FuseOpcode.Bmap)]
    [InlineData((uint)FuseOpcode.TmpFile)]
    [InlineData(4096u)]
    public void UnsupportedOpcodesAreAnsweredEnosys(uint opcode)
    {
        using var h = new SessionHarness();
        Assert.Equal(-Errno.ENOSYS, FakeChannel.ErrorOf(h.Send((FuseOpcode)opcode, 1, new byte[64])));
    }

    [Fact]
    public void OperationsTheFileSystemDoesNotImplementAnswerEnosys()
    {
        using var h = new SessionHarness();
        Assert.Equal(-Errno.ENOSYS, FakeChannel.ErrorOf(h.Send(FuseOpcode.Unlink, 1, Name("x"))));
        Assert.Equal(-Errno.ENOSYS, FakeChannel.ErrorOf(h.Send(FuseOpcode.StatFs, 1, [])));
    }

    [Theory]
    [InlineData("user.big", 0u, 8, 100)]      // size probe: getxattr_out { size = 100 }
    [InlineData("user.big", 50u, -Errno.ERANGE, 0)]
    [InlineData("user.big", 100u, 100, 0)]     // exactly fits
    [InlineData("user.small", 4096u, 3, 0)]   // shorter than the buffer
    [InlineData("user.none", 4096u, -Errno.ENODATA, 0)]
    public void GetxattrHandlesSizeProbeAndErange(string name, uint size, int expected, int probed)
    {
        using var h = new SessionHarness();
        var reply = h.Send(FuseOpcode.GetXattr, 5, Concat(U32(size), U32(0), Name(name)));
        if (expected < 0)
        {
            Assert.Equal(expected, FakeChannel.ErrorOf(reply));
            Assert.Equal(16, reply.Length);
        }
        else
        {
            Assert.Equal(0, FakeChannel.ErrorOf(reply));
            Assert.Equal(16 + expected, reply.Length);
            if (size == 0) Assert.Equal((uint)probed, SessionHarness.Body<FuseGetXattrOut>(reply).ValueSize);
        }
    }

    [Fact]
    public void ListxattrHandlesSizeProbeAndErange()
    {
        using var h = new SessionHarness();
        Assert.Equal(20u, SessionHarness.Body<FuseGetXattrOut>(h.Send(FuseOpcode.ListXattr, 5, Concat(U32(0), U32(0)))).ValueSize);
        Assert.Equal(-Errno.ERANGE, FakeChannel.ErrorOf(h.Send(FuseOpcode.ListXattr, 5, Concat(U32(10), U32(0)))));
        var full = h.Send(FuseOpcode.ListXattr, 5, Concat(U32(20), U32(0)));
        Assert.Equal("user.big\0user.small\0", Encoding.ASCII.GetString(full, 16, full.Length - 16));
    }

    [Fact]
    public void WriteHandsTheExactDataAndAnswersItsSize()
    {
        using var h = new SessionHarness();
        var data = Encoding.ASCII.GetBytes("hello, world");
        // fh | offset | size | write_flags | lock_owner | flags | padding | data
        var reply = h.Send(FuseOpcode.Write, 5, Concat(U64(1), U64(0), U32((uint)data.Length), U32(0), U64(0), U32(0), U32(0), data));
        Assert.Equal(16 + 8, reply.Length);
        Assert.Equal((uint)data.Length, SessionHarness.Body<FuseWriteOut>(reply).WriteSize);
        Assert.Equal(data, h.Fs.LastWrite);
    }

    [Fact]
    public void LargeWriteTakesOverTheReaderBuffer()
    {
        using var h = new SessionHarness();
        var data = new byte[1024 * 1024];
        new Random(1).NextBytes(data);
        var reply = h.Send(FuseOpcode.Write, 5, Concat(U64(1), U64(0), U32((uint)data.Length), U32(0), U64(0), U32(0), U32(0), data));
        Assert.Equal((uint)data.Length, SessionHarness.Body<FuseWriteOut>(reply).WriteSize);
        Assert.Equal(data, h.Fs.LastWrite);
    }

    [Fact]
    public void ReadReplyIsNeverLongerThanRequested()
    {
        using var h = new SessionHarness();
        var reply = h.Send(FuseOpcode.Read, 5, Concat(U64(1), U64(0), U32(4096), U32(0), U64(0), U32(0), U32(0)));
        Assert.Equal(16 + 2048, reply.Length); // the scripted FS returns half
        Assert.Equal((uint)reply.Length, SessionHarness.Header(reply).Len);
    }

    [Fact]
    public void SetattrFieldsReachTheFileSystem()
    {
        using var h = new SessionHarness();
        // valid = MODE|SIZE|MTIME | padding | fh | size 4096 | lock_owner | atime | mtime 1234 | ctime | atimensec | mtimensec 5 | ctimensec | mode 0600 | unused4 | uid | gid | unused5
        var body = Concat(U32(0x1 | 0x8 | 0x20), U32(0), U64(0), U64(4096), U64(0), U64(0), U64(1234), U64(0), U32(0), U32(5), U32(0), U32(0x180), U32(0), U32(0), U32(0), U32(0));
        var reply = h.Send(FuseOpcode.SetAttr, 5, body);
        Assert.Equal(16 + 104, reply.Length);
        var set = h.Fs.LastSetAttr!.Value;
        Assert.True(set.Has(SetAttributeFields.Size) && set.Has(SetAttributeFields.Mode) && set.Has(SetAttributeFields.ModifyTime));
        Assert.Equal(4096UL, set.Size);
        Assert.Equal(0x180u, set.Mode);
        Assert.Equal(new FuseTime(1234, 5), set.ModifyTime);
    }

    [Fact]
    public void NotificationsAreWrittenWithUniqueZeroAndTheCodeInError()
    {
        using var h = new SessionHarness();
        Assert.Equal(0, h.Fs.Notifier!.InvalidateEntry(1, "abc"u8));
        var message = h.Channel.Written.Last();
        Assert.Equal(16 + 16 + 4, message.Length);
        var header = SessionHarness.Header(message);
        Assert.Equal(0UL, header.Unique);
        Assert.Equal(3, header.Error); // FUSE_NOTIFY_INVAL_ENTRY
        Assert.Equal(3u, MemoryMarshal.Read<FuseNotifyInvalEntryOut>(message.AsSpan(16)).NameLen);
        Assert.Equal("abc\0"u8.ToArray(), message[32..]);
    }

    [Fact]
    public void NotificationsAfterTheSessionEndedDoNotTouchTheChannel()
    {
        var h = new SessionHarness();
        h.End();
        int before = h.Channel.Written.Count;
        Assert.Equal(Errno.ENODEV, h.Fs.Notifier!.InvalidateInode(5, -1, 0));
        Assert.Equal(before, h.Channel.Written.Count);
    }

    [Fact]
    public void DestroyIsAnsweredAndEndsTheSession()
    {
        var h = new SessionHarness(readers: 1);
        h.Send(FuseOpcode.Lookup, 1, Name("n5"));
        Assert.Equal(0, FakeChannel.ErrorOf(h.Send(FuseOpcode.Destroy, 0, [])));
        Assert.True(SessionHarness.Wait(h.Session.Completion, 10_000));
        Assert.Contains(5UL, h.Fs.Forgotten);
        Assert.True(h.Fs.Destroyed);
    }
}
