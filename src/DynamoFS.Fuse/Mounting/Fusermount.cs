using System.Diagnostics;
using System.Globalization;
using System.Text;
using DynamoFS.Fuse.Native;

namespace DynamoFS.Fuse.Mounting;

/// <summary>
/// The unprivileged path (and the auto-unmount path): fusermount3 mounts and sends the /dev/fuse
/// descriptor back over a socketpair (SCM_RIGHTS, named by the _FUSE_COMMFD variable). With
/// auto_unmount, fusermount3 stays alive until its end of the socket closes, which happens when
/// we close it or when our process dies by any means, even SIGKILL; it then unmounts lazily.
/// </summary>
internal static unsafe class Fusermount
{
    public const string Program = "fusermount3";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Spawning inherits every descriptor without close-on-exec; the socket's child end is one of
    /// them for a moment, so our own spawns are serialized to keep it out of unrelated children.
    /// </summary>
    private static readonly Lock SpawnLock = new();

    /// <summary>A mount made by fusermount3: the device, and the helper kept alive for auto_unmount.</summary>
    public sealed class Result(FileDescriptor device, FileDescriptor? socket, Process? helper) : IDisposable
    {
        public FileDescriptor Device { get; } = device;

        /// <summary>Closing this tells an auto_unmount helper to unmount and exit.</summary>
        public void Dispose()
        {
            socket?.Dispose();
            if (helper is null) return;
            try
            {
                if (!helper.WaitForExit(ExitTimeout)) helper.Kill();
            }
            catch (InvalidOperationException)
            {
            }
            helper.Dispose();
        }
    }

    public static Result Mount(string mountPoint, FuseMountOptions options)
    {
        int* fds = stackalloc int[2];
        if (Libc.SocketPair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, fds) != 0)
        {
            int e = Libc.LastErrno;
            throw new FuseMountException($"socketpair failed: {Libc.Describe(e)}", e);
        }
        var ours = new FileDescriptor(fds[0]);
        var theirs = new FileDescriptor(fds[1]);
        Process? process = null;
        var output = new StringBuilder();
        try
        {
            var psi = new ProcessStartInfo(Program)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            psi.ArgumentList.Add("-o");
            psi.ArgumentList.Add(MountOptionString.ForFusermount(options));
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(mountPoint);
            psi.Environment["_FUSE_COMMFD"] = fds[1].ToString(CultureInfo.InvariantCulture);
            lock (SpawnLock)
            {
                // Only the child's end crosses exec.
                Libc.Fcntl(fds[1], Libc.F_SETFD, 0);
                try
                {
                    process = Process.Start(psi) ?? throw new FuseMountException($"Could not start {Program}.");
                }
                catch (System.ComponentModel.Win32Exception ex)
                {
                    throw new FuseMountException($"Could not start {Program} (is package fuse3 installed?): {ex.Message}", ex.NativeErrorCode, ex);
                }
                finally
                {
                    theirs.Dispose();
                }
            }
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();

            int device = ReceiveFd(fds[0]);
            if (device < 0)
            {
                process.WaitForExit(ExitTimeout);
                string text;
                lock (output) text = output.ToString().Trim();
                int code = process.HasExited ? process.ExitCode : -1;
                throw new FuseMountException($"{Program} failed to mount {mountPoint} (exit {code}): {text}");
            }
            var deviceFd = new FileDescriptor(device);
            if (options.AutoUnmount) return new Result(deviceFd, ours, process);

            // Without auto_unmount fusermount3 exits right after sending the descriptor.
            ours.Dispose();
            process.WaitForExit(ExitTimeout);
            process.Dispose();
            return new Result(deviceFd, null, null);
        }
        catch
        {
            ours.Dispose();
            process?.Dispose();
            throw;
        }
    }

    /// <summary>Receives one descriptor (SCM_RIGHTS); -1 when the helper closed the socket without sending one.</summary>
    private static int ReceiveFd(int socket)
    {
        const int controlSize = 24; // CMSG_SPACE(sizeof(int)) on 64-bit Linux
        byte data = 0;
        byte* control = stackalloc byte[64];
        while (true)
        {
            new Span<byte>(control, 64).Clear();
            var iov = new Libc.IoVec { Base = &data, Length = 1 };
            var msg = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = controlSize };
            nint n = Libc.RecvMsg(socket, &msg, Libc.MSG_CMSG_CLOEXEC);
            if (n < 0 && Libc.LastErrno == Errno.EINTR) continue;
            if (n <= 0) return -1;
            var cmsg = (Libc.CmsgHdr*)control;
            if (msg.ControlLength < (nuint)sizeof(Libc.CmsgHdr) || cmsg->Level != Libc.SOL_SOCKET || cmsg->Type != Libc.SCM_RIGHTS)
                return -1;
            return *(int*)(control + sizeof(Libc.CmsgHdr));
        }
    }

    /// <summary>fusermount3 -u [-z] -- mountPoint; throws with its message on failure.</summary>
    public static void Unmount(string mountPoint, bool lazy)
    {
        var psi = new ProcessStartInfo(Program)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        psi.ArgumentList.Add("-u");
        if (lazy) psi.ArgumentList.Add("-z");
        psi.ArgumentList.Add("--");
        psi.ArgumentList.Add(mountPoint);
        Process process;
        lock (SpawnLock)
        {
            try
            {
                process = Process.Start(psi) ?? throw new FuseMountException($"Could not start {Program}.");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new FuseMountException($"Could not start {Program}: {ex.Message}", ex.NativeErrorCode, ex);
            }
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(ExitTimeout))
            {
                process.Kill();
                throw new FuseMountException($"{Program} -u {mountPoint} timed out.", Errno.ETIMEDOUT);
            }
            if (process.ExitCode != 0)
                throw new FuseMountException($"{Program} could not unmount {mountPoint}: {stderr.Result.Trim()}");
        }
    }
}
