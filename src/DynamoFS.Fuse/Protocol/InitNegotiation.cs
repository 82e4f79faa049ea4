using DynamoFS.Fuse.Abi;
using DynamoFS.Fuse.Protocol.Requests;

namespace DynamoFS.Fuse.Protocol;

/// <summary>What INIT settled: the protocol minor, the granted flags and the payload limits.</summary>
internal sealed record NegotiatedInit(uint Minor, FuseInitFlags Flags, uint MaxWrite, ushort MaxPages, uint MaxReadahead)
{
    public bool Has(FuseInitFlags flag) => (Flags & flag) == flag;

    /// <summary>The largest READ/READDIR size the kernel can ask for (max_pages pages).</summary>
    public int MaxReadSize(int pageSize) => Math.Max((int)MaxWrite, MaxPages * pageSize);
}

/// <summary>How to answer one INIT request.</summary>
internal enum InitVerdict
{
    /// <summary>Reply with <see cref="InitOutcome.Reply"/>; the session is running.</summary>
    Accept,
    /// <summary>The kernel speaks a newer major: reply with our version and wait for a second INIT.</summary>
    VersionOnly,
    /// <summary>Unsupported (major &lt; 7 or a too old minor): reply EPROTO and end the session.</summary>
    Reject,
}

internal readonly record struct InitOutcome(InitVerdict Verdict, FuseInitOut Reply, NegotiatedInit? Negotiated);

/// <summary>
/// INIT negotiation as a pure function of the kernel's offer and the file system's settings, so
/// the rules are testable without a kernel: reply minor = min(ours, kernel's); reply flags are
/// the capabilities we want that the kernel offered, never more.
/// </summary>
internal static class InitNegotiation
{
    /// <summary>Default kernel payload limit without MAX_PAGES (FUSE_DEFAULT_MAX_PAGES_PER_REQ).</summary>
    private const int DefaultMaxPages = 32;
    /// <summary>fs.fuse.max_pages_limit default; larger requests are clamped by the kernel anyway.</summary>
    private const int MaxPagesLimit = 256;

    public static InitOutcome Negotiate(in InitRequest request, FuseInitSettings settings, int pageSize)
    {
        if (request.Major > AbiConstants.KernelVersion)
        {
            var versionOnly = new FuseInitOut { Major = AbiConstants.KernelVersion, Minor = AbiConstants.KernelMinorVersion };
            return new InitOutcome(InitVerdict.VersionOnly, versionOnly, null);
        }
        if (request.Major < AbiConstants.KernelVersion || request.Minor < AbiConstants.MinimumKernelMinor)
            return new InitOutcome(InitVerdict.Reject, default, null);

        var offered = (FuseInitFlags)request.Flags;
        var granted = Wanted(settings) & offered;
        // Bits 32+ may only be sent in flags2, and only when INIT_EXT is agreed; we want none of them.
        granted &= (FuseInitFlags)0xFFFF_FFFFUL;

        uint maxWrite = Math.Clamp(settings.MaxWrite, 4096u, (uint)(MaxPagesLimit * pageSize));
        int maxPages;
        if ((granted & FuseInitFlags.MaxPages) != 0)
        {
            maxPages = Math.Clamp((int)((maxWrite + (uint)pageSize - 1) / (uint)pageSize), 1, MaxPagesLimit);
        }
        else
        {
            maxPages = DefaultMaxPages;
            maxWrite = Math.Min(maxWrite, (uint)(DefaultMaxPages * pageSize));
        }
        uint readahead = Math.Min(settings.MaxReadahead, request.MaxReadahead);
        ushort background = Math.Max(settings.MaxBackground, (ushort)1);
        var reply = new FuseInitOut
        {
            Major = AbiConstants.KernelVersion,
            Minor = Math.Min(AbiConstants.KernelMinorVersion, request.Minor),
            MaxReadahead = readahead,
            Flags = (uint)granted,
            Flags2 = 0,
            MaxBackground = background,
            // The kernel's own default: congestion at 3/4 of the background limit.
            CongestionThreshold = (ushort)Math.Max(1, background * 3 / 4),
            MaxWrite = maxWrite,
            TimeGran = Math.Clamp(settings.TimeGranularity, 1u, 1_000_000_000u),
            MaxPages = (ushort)maxPages,
        };
        var negotiated = new NegotiatedInit(reply.Minor, granted, maxWrite, (ushort)maxPages, readahead);
        return new InitOutcome(InitVerdict.Accept, reply, negotiated);
    }

    /// <summary>The capabilities we ask for, before intersecting with the kernel's offer.</summary>
    public static FuseInitFlags Wanted(FuseInitSettings s)
    {
        var f = FuseInitFlags.AsyncRead | FuseInitFlags.AtomicOTrunc | FuseInitFlags.BigWrites
              | FuseInitFlags.MaxPages | FuseInitFlags.ParallelDirops | FuseInitFlags.HandleKillprivV2
              | FuseInitFlags.AsyncDio | FuseInitFlags.SetxattrExt | FuseInitFlags.InitExt;
        if (s.PosixLocks) f |= FuseInitFlags.PosixLocks;
        if (s.FlockLocks) f |= FuseInitFlags.FlockLocks;
        if (s.ReaddirPlus) f |= FuseInitFlags.DoReaddirplus | FuseInitFlags.ReaddirplusAuto;
        if (s.AutoInvalidateData) f |= FuseInitFlags.AutoInvalData;
        if (s.CacheSymlinks) f |= FuseInitFlags.CacheSymlinks;
        if (s.DontMask) f |= FuseInitFlags.DontMask;
        if (s.WritebackCache) f |= FuseInitFlags.WritebackCache;
        return f;
    }
}
