using DynamoFS.Posix.Tests.Conformance.Native;

namespace DynamoFS.Posix.Tests.Conformance;

public abstract partial class ConformanceTests<TFs>
{
    [Theory]
    [InlineData(1_700_000_000L, 123_456_789u, 1_600_000_000L, 987_654_321u)]
    [InlineData(0L, 0u, 1L, 1u)]
    [InlineData(4_102_444_800L, 999_999_999u, 2_000_000_000L, 500u)] // year 2100
    [InlineData(-1L, 0u, -86_400L, 999_999_999u)] // before 1970
    public void Utimens_ExplicitTimes_NanosecondRoundTrip(long aSec, uint aNsec, long mSec, uint mNsec)
    {
        var f = MkFile("f");
        Ok(Root.Utimens(f, new Ts(aSec, aNsec), new Ts(mSec, mNsec)));
        var st = St(f);
        Assert.Equal(new Ts(aSec, aNsec), st.Atime);
        Assert.Equal(new Ts(mSec, mNsec), st.Mtime);
    }

    [Fact]
    public void Utimens_Now_SetsBothToCurrentTimeAndCtime()
    {
        var f = MkFile("f");
        Ok(Root.Utimens(f, Past, Past));
        Tick();
        Ok(Root.Utimens(f, Utime.Now, Utime.Now));
        var st = St(f);
        Assert.True(st.Atime > Past && st.Mtime > Past);
        Assert.True(Math.Abs(st.Mtime.Sec - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) < 10);
        Assert.Equal(st.Ctime, st.Mtime);
    }

    [Fact]
    public void Utimens_NullTimes_MeansNow()
    {
        var f = MkFile("f");
        Ok(Root.Utimens(f, Past, Past));
        Ok(Root.Utimens(f, null, null));
        Assert.True(St(f).Mtime > Past && St(f).Atime > Past);
    }

    [Fact]
    public void Utimens_Omit_LeavesThatTimeUnchanged()
    {
        var f = MkFile("f");
        var a = new Ts(1_500_000_000, 111);
        var m = new Ts(1_400_000_000, 222);
        Ok(Root.Utimens(f, a, m));
        Ok(Root.Utimens(f, Utime.Omit, new Ts(1_300_000_000, 333)));
        Assert.Equal(a, St(f).Atime);
        Assert.Equal(new Ts(1_300_000_000, 333), St(f).Mtime);
        Ok(Root.Utimens(f, Utime.Now, Utime.Omit));
        Assert.Equal(new Ts(1_300_000_000, 333), St(f).Mtime);
        Assert.True(St(f).Atime > a);
    }

    [Fact]
    public void Utimens_BothOmit_ChangesNothingNotEvenCtime()
    {
        var f = MkFile("f");
        var before = St(f);
        Tick();
        Ok(Root.Utimens(f, Utime.Omit, Utime.Omit));
        Assert.Equal(before.Ctime, St(f).Ctime);
    }

    [Fact]
    public void Utimens_ExplicitTimes_UpdatesCtimeToNow()
    {
        var f = MkFile("f");
        var before = St(f);
        Tick();
        Ok(Root.Utimens(f, Past, Past));
        Assert.True(St(f).Ctime > before.Ctime);
    }

    [Fact]
    public void Utimens_ExplicitTimesByOwner_Ok()
    {
        var f = MkFile("f", O("400"), U1Uid, U1Gid);
        Ok(U1.Utimens(f, Past, Past));
        Assert.Equal(Past, St(f).Mtime);
    }

    [Fact]
    public void Utimens_ExplicitTimesByNonOwnerEvenWithWriteAccess_EPERM()
    {
        var f = MkFile("f", O("666"), U1Uid, U1Gid);
        Is(Errno.EPERM, U2.Utimens(f, Past, Past));
        Assert.NotEqual(Past, St(f).Mtime);
    }

    [Fact]
    public void Utimens_NowByNonOwnerWithWriteAccess_Ok()
    {
        var f = MkFile("f", O("620"), U1Uid, G1);
        Ok(Root.Utimens(f, Past, Past));
        Ok(U2.Utimens(f, Utime.Now, Utime.Now));
        Ok(U2.Utimens(f, null, null));
        Assert.True(St(f).Mtime > Past);
    }

    [Fact]
    public void Utimens_NowByNonOwnerWithoutWriteAccess_EACCES()
    {
        var f = MkFile("f", O("644"), U1Uid, U1Gid);
        Ok(Root.Utimens(f, Past, Past));
        Is(Errno.EACCES, U2.Utimens(f, Utime.Now, Utime.Now));
        Is(Errno.EACCES, U2.Utimens(f, null, null));
        Assert.Equal(Past, St(f).Mtime);
    }

    [Fact]
    public void Utimens_NoFollow_SetsSymlinkTimesNotTarget()
    {
        var f = MkFile("f");
        Ok(Root.Symlink("f", P("l")));
        Ok(Root.Utimens(P("l"), Past, Past, noFollow: true));
        Assert.Equal(Past, Lst(P("l")).Mtime);
        Assert.NotEqual(Past, St(f).Mtime);
        Ok(Root.Utimens(P("l"), new Ts(5, 5), new Ts(6, 6)));
        Assert.Equal(new Ts(6, 6), St(f).Mtime);
    }

    [Fact]
    public void Utimens_InvalidNanoseconds_EINVAL() =>
        Is(Errno.EINVAL, Root.Utimens(MkFile("f"), new Ts(1, 1_000_000_000), new Ts(1, 0)));

    [Fact]
    public void Utimens_Directory_RoundTrips()
    {
        var d = MkDir("d");
        Ok(Root.Utimens(d, Past, new Ts(1_234_567_890, 42)));
        Assert.Equal(new Ts(1_234_567_890, 42), St(d).Mtime);
    }
}
