using DynamoFS.Core.Storage;
using DynamoFS.Fuse;

namespace DynamoFS.Core;

/// <summary>
/// The POSIX permission rules, as Linux applies them. We mount without default_permissions, so
/// the kernel checks nothing from the mode bits: every rule lives here.
/// </summary>
internal static class Permissions
{
    public const int Read = 4;
    public const int Write = 2;
    public const int Execute = 1;

    /// <summary>
    /// generic_permission: the owner class, else the group class (primary or supplementary), else
    /// other. Root passes everything, except that execute on a non-directory needs some x bit.
    /// </summary>
    public static bool MayAccess(InodeRecord inode, in Caller caller, int mask)
    {
        mask &= 7;
        if (mask == 0) return true;
        uint mode = inode.Mode;
        if (caller.IsRoot)
        {
            if ((mask & Execute) != 0 && !FileMode.IsDirectory(mode) && (mode & 0x49) == 0) return false; // 0111
            return true;
        }
        uint bits;
        if (caller.Uid == inode.Uid) bits = (mode >> 6) & 7;
        else if (caller.InGroup(inode.Gid)) bits = (mode >> 3) & 7;
        else bits = mode & 7;
        return (bits & (uint)mask) == (uint)mask;
    }

    /// <summary>inode_owner_or_capable: the owner or root.</summary>
    public static bool IsOwnerOrRoot(InodeRecord inode, in Caller caller) => caller.IsRoot || caller.Uid == inode.Uid;

    /// <summary>
    /// The sticky-directory rule (check_sticky): in a sticky directory only the owner of the
    /// entry, the owner of the directory, or root may remove or rename it away.
    /// </summary>
    public static bool MayDeleteFromSticky(InodeRecord directory, InodeRecord victim, in Caller caller)
    {
        if ((directory.Mode & FileMode.Sticky) == 0) return true;
        return caller.IsRoot || caller.Uid == victim.Uid || caller.Uid == directory.Uid;
    }

    /// <summary>
    /// may_delete: write and search on the directory (EACCES), then the sticky rule (EPERM).
    /// Returns 0 or an errno.
    /// </summary>
    public static int CheckDelete(InodeRecord directory, InodeRecord victim, in Caller caller)
    {
        if (!MayAccess(directory, caller, Write | Execute)) return Errno.EACCES;
        if (!MayDeleteFromSticky(directory, victim, caller)) return Errno.EPERM;
        return 0;
    }

    /// <summary>
    /// The mode bits a write, truncate or chown by this caller leaves (file_remove_privs /
    /// setattr_should_drop_suidgid): set-user-id always goes; set-group-id only together with
    /// group-execute (without it the bit means mandatory locking, not privilege). Root keeps them
    /// on write, as a process with CAP_FSETID does.
    /// </summary>
    public static uint KillSuidGid(uint mode)
    {
        if (FileMode.IsDirectory(mode)) return mode;
        mode &= ~FileMode.SetUid;
        if ((mode & 0x08) != 0) mode &= ~FileMode.SetGid; // S_IXGRP
        return mode;
    }

    /// <summary>True when <see cref="KillSuidGid"/> would change the mode.</summary>
    public static bool HasPrivilegeBits(uint mode) => KillSuidGid(mode) != mode;

    /// <summary>
    /// The owner, group and mode of a new inode (inode_init_owner): in a set-group-id directory
    /// the new inode takes the directory's group and a new directory inherits the bit; a new
    /// file keeps set-group-id only if its creator belongs to its group (or is root).
    /// </summary>
    public static (uint Gid, uint Mode) NewInodeOwnership(InodeRecord parent, in Caller caller, uint mode)
    {
        uint gid = caller.Gid;
        if ((parent.Mode & FileMode.SetGid) != 0)
        {
            gid = parent.Gid;
            if (FileMode.IsDirectory(mode)) mode |= FileMode.SetGid;
            else if ((mode & (FileMode.SetGid | 0x08)) == (FileMode.SetGid | 0x08) && !caller.InGroup(gid) && !caller.IsRoot)
                mode &= ~FileMode.SetGid;
        }
        return (gid, mode);
    }
}
