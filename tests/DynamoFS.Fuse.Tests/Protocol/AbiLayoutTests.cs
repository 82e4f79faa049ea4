using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DynamoFS.Fuse.Abi;

namespace DynamoFS.Fuse.Tests.Protocol;

/// <summary>Every kernel struct has exactly the size fuse_kernel.h gives it.</summary>
public class AbiLayoutTests
{
    [Fact]
    public void StructSizesMatchTheKernelHeader()
    {
        Assert.Equal(40, Unsafe.SizeOf<FuseInHeader>());
        Assert.Equal(16, Unsafe.SizeOf<FuseOutHeader>());
        Assert.Equal(88, Unsafe.SizeOf<FuseAttr>());
        Assert.Equal(128, Unsafe.SizeOf<FuseEntryOut>());
        Assert.Equal(104, Unsafe.SizeOf<FuseAttrOut>());
        Assert.Equal(24, Unsafe.SizeOf<FuseDirent>());
        Assert.Equal(64, Unsafe.SizeOf<FuseInitIn>());
        Assert.Equal(64, Unsafe.SizeOf<FuseInitOut>());
        Assert.Equal(8, Unsafe.SizeOf<FuseForgetIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseBatchForgetIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseForgetOne>());
        Assert.Equal(16, Unsafe.SizeOf<FuseGetAttrIn>());
        Assert.Equal(88, Unsafe.SizeOf<FuseSetAttrIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseMknodIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseMkdirIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseRenameIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseRename2In>());
        Assert.Equal(8, Unsafe.SizeOf<FuseLinkIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseOpenIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseOpenOut>());
        Assert.Equal(16, Unsafe.SizeOf<FuseCreateIn>());
        Assert.Equal(40, Unsafe.SizeOf<FuseReadIn>());
        Assert.Equal(40, Unsafe.SizeOf<FuseWriteIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseWriteOut>());
        Assert.Equal(80, Unsafe.SizeOf<FuseStatfsOut>());
        Assert.Equal(24, Unsafe.SizeOf<FuseReleaseIn>());
        Assert.Equal(24, Unsafe.SizeOf<FuseFlushIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseFsyncIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseSetXattrIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseGetXattrIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseGetXattrOut>());
        Assert.Equal(24, Unsafe.SizeOf<FuseFileLock>());
        Assert.Equal(48, Unsafe.SizeOf<FuseLkIn>());
        Assert.Equal(24, Unsafe.SizeOf<FuseLkOut>());
        Assert.Equal(8, Unsafe.SizeOf<FuseAccessIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseInterruptIn>());
        Assert.Equal(32, Unsafe.SizeOf<FuseFallocateIn>());
        Assert.Equal(24, Unsafe.SizeOf<FuseLseekIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseLseekOut>());
        Assert.Equal(56, Unsafe.SizeOf<FuseCopyFileRangeIn>());
        Assert.Equal(24, Unsafe.SizeOf<FuseNotifyInvalInodeOut>());
        Assert.Equal(16, Unsafe.SizeOf<FuseNotifyInvalEntryOut>());
        Assert.Equal(24, Unsafe.SizeOf<FuseNotifyDeleteOut>());
    }

    [Fact]
    public void FieldOffsetsMatchTheKernelHeader()
    {
        Assert.Equal(60, (int)Marshal.OffsetOf<FuseAttr>(nameof(FuseAttr.Mode)));
        Assert.Equal(84, (int)Marshal.OffsetOf<FuseAttr>(nameof(FuseAttr.Flags)));
        Assert.Equal(40, (int)Marshal.OffsetOf<FuseEntryOut>(nameof(FuseEntryOut.Attr)));
        Assert.Equal(16, (int)Marshal.OffsetOf<FuseAttrOut>(nameof(FuseAttrOut.Attr)));
        Assert.Equal(36, (int)Marshal.OffsetOf<FuseInHeader>(nameof(FuseInHeader.TotalExtlen)));
        Assert.Equal(20, (int)Marshal.OffsetOf<FuseInitOut>(nameof(FuseInitOut.MaxWrite)));
        Assert.Equal(24, (int)Marshal.OffsetOf<FuseInitOut>(nameof(FuseInitOut.TimeGran)));
        Assert.Equal(28, (int)Marshal.OffsetOf<FuseInitOut>(nameof(FuseInitOut.MaxPages)));
        Assert.Equal(32, (int)Marshal.OffsetOf<FuseInitOut>(nameof(FuseInitOut.Flags2)));
        Assert.Equal(40, (int)Marshal.OffsetOf<FuseInitOut>(nameof(FuseInitOut.RequestTimeout)));
        Assert.Equal(16, (int)Marshal.OffsetOf<FuseLkIn>(nameof(FuseLkIn.Lk)));
        Assert.Equal(40, (int)Marshal.OffsetOf<FuseLkIn>(nameof(FuseLkIn.LkFlags)));
        Assert.Equal(56, (int)Marshal.OffsetOf<FuseSetAttrIn>(nameof(FuseSetAttrIn.AtimeNsec)));
        Assert.Equal(76, (int)Marshal.OffsetOf<FuseSetAttrIn>(nameof(FuseSetAttrIn.Uid)));
    }
}
