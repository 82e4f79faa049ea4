using DynamoFS.Fuse.Abi;
using DynamoFS.Fuse.Protocol;
using DynamoFS.Fuse.Protocol.Requests;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>INIT rules: version handling, flags a subset of the offer, settings honoured, payload limits.</summary>
public class InitNegotiationTests
{
    private const int Page = 4096;
    private static readonly ulong AllLow = 0xFFFF_FFFFUL;

    private static InitOutcome Negotiate(FuseInitSettings settings, ulong offered = 0xFFFF_FFFF_FFFF_FFFFUL, uint minor = 45) =>
        InitNegotiation.Negotiate(new InitRequest(7, minor, 128 * 1024, offered), settings, Page);

    [Fact]
    public void DefaultsAskForTheDocumentedCapabilities()
    {
        var o = Negotiate(new FuseInitSettings());
        var f = (FuseInitFlags)o.Reply.Flags;
        foreach (var wanted in new[] { FuseInitFlags.AsyncRead, FuseInitFlags.PosixLocks, FuseInitFlags.FlockLocks, FuseInitFlags.AtomicOTrunc,
                     FuseInitFlags.BigWrites, FuseInitFlags.MaxPages, FuseInitFlags.DoReaddirplus, FuseInitFlags.ReaddirplusAuto,
                     FuseInitFlags.ParallelDirops, FuseInitFlags.HandleKillprivV2, FuseInitFlags.CacheSymlinks, FuseInitFlags.AutoInvalData,
                     FuseInitFlags.SetxattrExt, FuseInitFlags.InitExt, FuseInitFlags.AsyncDio })
            Assert.True(f.HasFlag(wanted), wanted.ToString());
        foreach (var unwanted in new[] { FuseInitFlags.DontMask, FuseInitFlags.WritebackCache, FuseInitFlags.ExportSupport, FuseInitFlags.PosixAcl,
                     FuseInitFlags.SpliceRead, FuseInitFlags.NoOpenSupport, FuseInitFlags.ExplicitInvalData })
            Assert.False(f.HasFlag(unwanted), unwanted.ToString());
        Assert.Equal(0u, o.Reply.Flags2); // SECURITY_CTX, CREATE_SUPP_GROUP... never
        Assert.Equal(1024u * 1024, o.Reply.MaxWrite);
        Assert.Equal(256, o.Reply.MaxPages);
        Assert.Equal(128u * 1024, o.Reply.MaxReadahead); // min(ours 1 MiB, kernel's 128 KiB)
        Assert.Equal(36u, o.Reply.Minor);
    }

    [Fact]
    public void SettingsSwitchCapabilities()
    {
        var f = (FuseInitFlags)Negotiate(new FuseInitSettings
        {
            PosixLocks = false, FlockLocks = false, ReaddirPlus = false, AutoInvalidateData = false, CacheSymlinks = false,
            WritebackCache = true, DontMask = true,
        }).Reply.Flags;
        Assert.False(f.HasFlag(FuseInitFlags.PosixLocks));
        Assert.False(f.HasFlag(FuseInitFlags.FlockLocks));
        Assert.False(f.HasFlag(FuseInitFlags.DoReaddirplus));
        Assert.False(f.HasFlag(FuseInitFlags.AutoInvalData));
        Assert.False(f.HasFlag(FuseInitFlags.CacheSymlinks));
        Assert.True(f.HasFlag(FuseInitFlags.WritebackCache));
        Assert.True(f.HasFlag(FuseInitFlags.DontMask));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(0x1UL)]
    [InlineData(0x0040_0020UL)]
    [InlineData(0xFFFF_FFFFUL)]
    [InlineData(0x5555_5555UL)]
    public void ReplyFlagsAreASubsetOfTheOffer(ulong offered)
    {
        var o = Negotiate(new FuseInitSettings { WritebackCache = true, DontMask = true }, offered);
        Assert.Equal(0UL, o.Reply.Flags & ~offered & AllLow);
    }

    [Theory]
    [InlineData(28u, 28u)]
    [InlineData(31u, 31u)]
    [InlineData(36u, 36u)]
    [InlineData(45u, 36u)]
    public void MinorIsTheSmallerOfBoth(uint kernel, uint expected) =>
        Assert.Equal(expected, Negotiate(new FuseInitSettings(), minor: kernel).Reply.Minor);

    [Fact]
    public void SmallMaxWriteGivesFewerPages()
    {
        var o = Negotiate(new FuseInitSettings { MaxWrite = 128 * 1024 });
        Assert.Equal(128u * 1024, o.Reply.MaxWrite);
        Assert.Equal(32, o.Reply.MaxPages);
    }

    [Fact]
    public void VersionHandling()
    {
        Assert.Equal(InitVerdict.VersionOnly, InitNegotiation.Negotiate(new InitRequest(8, 1, 0, 0), new(), Page).Verdict);
        Assert.Equal(InitVerdict.Reject, InitNegotiation.Negotiate(new InitRequest(6, 99, 0, 0), new(), Page).Verdict);
        Assert.Equal(InitVerdict.Reject, InitNegotiation.Negotiate(new InitRequest(7, 27, 0, 0), new(), Page).Verdict);
        Assert.Equal(InitVerdict.Accept, InitNegotiation.Negotiate(new InitRequest(7, 28, 0, 0), new(), Page).Verdict);
    }

    [Fact]
    public void OldKernelsSixteenByteInitIsAccepted()
    {
        // major 7 | minor 31 | max_readahead 128 KiB | flags (no flags2 field at all)
        Assert.True(InitRequest.TryParse(RequestBuilder.Hex("07000000 | 1f000000 | 00000200 | ffffffff"), out var r));
        Assert.Equal(31u, r.Minor);
        Assert.Equal(0xFFFF_FFFFUL, r.Flags);
    }

    [Fact]
    public void Flags2CountsOnlyWithInitExt()
    {
        // flags without INIT_EXT (bit 30): flags2 is ignored
        Assert.True(InitRequest.TryParse(RequestBuilder.InitBody(flags: 0x1, flags2: 0x7), out var r));
        Assert.Equal(0x1UL, r.Flags);
        Assert.True(InitRequest.TryParse(RequestBuilder.InitBody(flags: 0x4000_0000, flags2: 0x7), out r));
        Assert.Equal(0x7_4000_0000UL, r.Flags);
    }
}
