using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using DynamoFS.Fuse.Abi;
using DynamoFS.Fuse.Protocol;
using DynamoFS.Fuse.Protocol.Requests;
using Microsoft.Extensions.Logging;

namespace DynamoFS.Fuse.Session;

/// <summary>
/// Serves one FUSE connection. Reader threads block in read() on the channel (one per clone of
/// the fd); the first one answers INIT, then the others start. Every ordinary request is handed
/// to a worker (<see cref="RequestDispatcher"/>), so a slow or blocking handler (SETLKW, storage)
/// never stalls the readers or other requests; replies go out in any order, one write() each, on the channel the request came from.
/// FORGET, BATCH_FORGET and INTERRUPT are handled inline because they are cheap and ordering
/// with respect to later requests matters for them.
/// The session ends when every reader has seen ENODEV/ECONNABORTED (unmount or abort) or after
/// DESTROY; it then cancels what is still running, forgets every node the kernel still held,
/// and calls <see cref="IFuseFileSystem.Destroy"/>.
/// </summary>
internal sealed partial class FuseSession
{
    /// <summary>Requests up to this size are copied out of the reader's buffer; larger ones take it over.</summary>
    private const int SmallRequestLimit = 16 * 1024;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    /// <summary>Cap on worker threads; with this many handlers blocked synchronously, new requests wait for a worker (INTERRUPT still gets through: it is handled by the readers).</summary>
    private const int MaxWorkers = 256;

    private readonly IFuseFileSystem _fs;
    private readonly IFuseChannel _main;
    private readonly ILogger _logger;
    private readonly int _readerCount;
    private readonly bool _cloneChannels;
    private readonly int _pageSize = Environment.SystemPageSize;
    private readonly LookupTable _lookups = new();
    private readonly InterruptTable _interrupts;
    private readonly CancellationTokenSource _sessionCts = new();
    private readonly MalformedRequestLog _malformed;
    private readonly FuseNotifier _notifier;
    private readonly RequestDispatcher _dispatcher;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentBag<byte[]> _bigBuffers = [];
    private readonly List<IFuseChannel> _clones = [];
    private volatile NegotiatedInit? _init;
    private int _bufferSize;
    private int _maxReadSize;
    private int _activeReaders;
    private int _inFlight;
    private volatile bool _destroyed;
    private int _finished;
    private long _forgetMismatches;

    public FuseSession(IFuseFileSystem fs, IFuseChannel channel, ILogger logger, int readerThreads, bool cloneChannels = true)
    {
        _fs = fs;
        _main = channel;
        _logger = logger;
        _readerCount = Math.Max(1, readerThreads);
        _cloneChannels = cloneChannels;
        _interrupts = new InterruptTable(_sessionCts.Token);
        _malformed = new MalformedRequestLog(logger);
        _notifier = new FuseNotifier(channel);
        _dispatcher = new RequestDispatcher(ProcessAsync, minWorkers: _readerCount, maxWorkers: MaxWorkers);
        // Before INIT the kernel's max_write is unknown; size the first buffer for the largest we allow.
        _bufferSize = BufferSizeFor(1024 * 1024);
    }

    /// <summary>Completes when INIT has been answered (the mount is usable); faults if the session ends first.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Completes when the session has ended and the file system was destroyed.</summary>
    public Task Completion => _completion.Task;

    public NegotiatedInit? Negotiated => _init;

    public IFuseNotifier Notifier => _notifier;

    internal LookupTable Lookups => _lookups;

    internal long MalformedCount => _malformed.Total;

    /// <summary>FORGETs for more lookups than the session counted: 0 unless the accounting is wrong.</summary>
    internal long ForgetMismatches => Interlocked.Read(ref _forgetMismatches);

    /// <summary>Starts the first reader, which answers INIT and then starts the others.</summary>
    public void Start()
    {
        _activeReaders = 1;
        StartReader(_main, 0);
    }

    private void StartReader(IFuseChannel channel, int index)
    {
        var thread = new Thread(() => ReaderLoop(channel))
        {
            IsBackground = true,
            Name = $"fuse-reader-{index}",
        };
        thread.Start();
    }

    private int BufferSizeFor(uint maxWrite) =>
        Math.Max(AbiConstants.MinReadBuffer, (int)maxWrite + AbiConstants.XattrSizeMax + _pageSize);

    private byte[] RentBig() =>
        _bigBuffers.TryTake(out var b) && b.Length >= _bufferSize ? b : GC.AllocateUninitializedArray<byte>(_bufferSize);

    private void ReturnBig(byte[] buffer)
    {
        // Keep about two buffers per reader; the rest go back to the GC.
        if (buffer.Length >= _bufferSize && _bigBuffers.Count < _readerCount * 2) _bigBuffers.Add(buffer);
    }

    private void ReaderLoop(IFuseChannel channel)
    {
        byte[] buffer = RentBig();
        try
        {
            while (!_destroyed)
            {
                int n = channel.Read(buffer);
                if (n < 0)
                {
                    int errno = -n;
                    // ENOENT: the request was interrupted before we got it; EINTR/EAGAIN: try again.
                    if (errno is Errno.EINTR or Errno.EAGAIN or Errno.ENOENT) continue;
                    if (errno is not (Errno.ENODEV or Errno.ECONNABORTED)) _logger.ReadFailed(errno);
                    break;
                }
                if (!HandleRaw(channel, ref buffer, n)) break;
                if (buffer.Length < _bufferSize)
                {
                    // INIT raised the size (max_write above 1 MiB on large-page systems): the
                    // kernel refuses reads into a buffer smaller than max_write + headers.
                    buffer = RentBig();
                }
            }
        }
        catch (Exception ex)
        {
            _logger.CallbackFailed(ex, "reader loop");
        }
        finally
        {
            ReturnBig(buffer);
            if (Interlocked.Decrement(ref _activeReaders) == 0) _ = FinishAsync();
        }
    }

    /// <summary>Handles one raw request; false stops this reader.</summary>
    private bool HandleRaw(IFuseChannel channel, ref byte[] buffer, int n)
    {
        if (n < FuseInHeader.Size)
        {
            ulong unique = n >= 16 ? MemoryMarshal.Read<ulong>(buffer.AsSpan(8)) : 0;
            _malformed.Report(n >= 8 ? MemoryMarshal.Read<uint>(buffer.AsSpan(4)) : 0, unique, $"only {n} bytes");
            if (unique != 0) ReplyError(channel, unique, Errno.EINVAL);
            return true;
        }
        var header = MemoryMarshal.Read<FuseInHeader>(buffer);
        if (header.Len != (uint)n)
        {
            _malformed.Report(header.Opcode, header.Unique, $"header len {header.Len} but {n} bytes read");
            ReplyError(channel, header.Unique, Errno.EINVAL);
            return true;
        }
        var opcode = (FuseOpcode)header.Opcode;
        var body = buffer.AsSpan(FuseInHeader.Size, n - FuseInHeader.Size);
        _logger.Request(opcode, header.Unique, header.NodeId, header.Uid, header.Pid);

        if (_init is null)
        {
            if (opcode == FuseOpcode.Init) return HandleInit(channel, header, body);
            ReplyError(channel, header.Unique, Errno.EIO);
            return true;
        }

        switch (opcode)
        {
            case FuseOpcode.Init:
                ReplyError(channel, header.Unique, Errno.EIO); // INIT twice
                return true;
            case FuseOpcode.Forget:
                if (ForgetRequest.TryParse(body, out var forget)) Forget(header.NodeId, forget.Nlookup);
                else _malformed.Report(header.Opcode, header.Unique, "short FORGET");
                return true;
            case FuseOpcode.BatchForget:
                if (BatchForgetRequest.TryParse(body, out var entries))
                {
                    foreach (var e in entries) Forget(e.NodeId, e.Nlookup);
                }
                else
                {
                    _malformed.Report(header.Opcode, header.Unique, "BATCH_FORGET count exceeds body");
                }
                return true;
            case FuseOpcode.Interrupt:
                if (!InterruptRequest.TryParse(body, out var interrupt))
                    _malformed.Report(header.Opcode, header.Unique, "short INTERRUPT");
                else if (!_interrupts.Interrupt(interrupt.TargetUnique))
                    ReplyError(channel, header.Unique, Errno.EAGAIN); // unknown yet: the kernel requeues it
                return true;
            case FuseOpcode.Destroy:
                _destroyed = true;
                ReplyError(channel, header.Unique, 0);
                return false;
            case FuseOpcode.NotifyReply:
                return true; // answers to RETRIEVE, which we never send; no reply expected
        }

        if (!IsDispatched(opcode))
        {
            ReplyError(channel, header.Unique, Errno.ENOSYS);
            return true;
        }

        var cts = _interrupts.Register(header.Unique);
        Interlocked.Increment(ref _inFlight);
        FuseRequest request;
        if (n <= SmallRequestLimit)
        {
            byte[] copy = ArrayPool<byte>.Shared.Rent(n);
            buffer.AsSpan(0, n).CopyTo(copy);
            request = new FuseRequest(channel, header, copy, n, bigBuffer: false, cts.Token);
        }
        else
        {
            request = new FuseRequest(channel, header, buffer, n, bigBuffer: true, cts.Token);
            buffer = RentBig();
        }
        _dispatcher.Enqueue(request);
        return true;
    }

    private bool HandleInit(IFuseChannel channel, in FuseInHeader header, ReadOnlySpan<byte> body)
    {
        if (!InitRequest.TryParse(body, out var init))
        {
            _malformed.Report(header.Opcode, header.Unique, "short INIT");
            ReplyError(channel, header.Unique, Errno.EINVAL);
            return true;
        }
        FuseInitSettings settings;
        try
        {
            settings = init.Major == AbiConstants.KernelVersion ? _fs.Init(_notifier) ?? new() : new();
        }
        catch (Exception ex)
        {
            _logger.CallbackFailed(ex, nameof(IFuseFileSystem.Init));
            ReplyError(channel, header.Unique, Errno.EIO);
            _ready.TrySetException(new IOException("The file system's Init threw.", ex));
            return false;
        }
        var outcome = InitNegotiation.Negotiate(init, settings, _pageSize);
        Span<byte> reply = stackalloc byte[FuseOutHeader.Size + FuseInitOut.Size];
        switch (outcome.Verdict)
        {
            case InitVerdict.VersionOnly:
                Write(channel, header.Unique, header.Opcode, reply[..ReplyEncoder.Struct(reply, header.Unique, outcome.Reply)]);
                return true; // the kernel sends a second INIT with our major
            case InitVerdict.Reject:
                _logger.InitRejected(init.Major, init.Minor);
                ReplyError(channel, header.Unique, Errno.EPROTO);
                _ready.TrySetException(new IOException($"Kernel FUSE protocol {init.Major}.{init.Minor} is not supported."));
                return false;
        }

        var negotiated = outcome.Negotiated!;
        _bufferSize = BufferSizeFor(negotiated.MaxWrite);
        _maxReadSize = negotiated.MaxReadSize(_pageSize);
        _init = negotiated;
        int err = Write(channel, header.Unique, header.Opcode, reply[..ReplyEncoder.Struct(reply, header.Unique, outcome.Reply)]);
        if (err != 0)
        {
            _ready.TrySetException(new IOException($"Answering INIT failed: errno {err}."));
            return false;
        }
        _logger.SessionStarted(negotiated.Minor, init.Minor, (ulong)negotiated.Flags, negotiated.MaxWrite, _readerCount);
        StartOtherReaders();
        _ready.TrySetResult();
        return true;
    }

    private void StartOtherReaders()
    {
        for (int i = 1; i < _readerCount; i++)
        {
            var channel = _cloneChannels ? _main.TryClone() : null;
            if (channel is null)
            {
                if (_cloneChannels) _logger.CloneFailed(i);
                channel = _main;
            }
            else
            {
                lock (_clones) _clones.Add(channel);
            }
            Interlocked.Increment(ref _activeReaders);
            StartReader(channel, i);
        }
    }

    private void Forget(ulong nodeId, ulong nlookup)
    {
        bool forgotten = _lookups.Remove(nodeId, nlookup, out bool known);
        if (!known)
        {
            Interlocked.Increment(ref _forgetMismatches);
            _logger.UnknownForget(nodeId, nlookup);
        }
        if (forgotten) CallForget(nodeId);
    }

    private void CallForget(ulong nodeId)
    {
        try
        {
            _fs.Forget(nodeId);
        }
        catch (Exception ex)
        {
            _logger.CallbackFailed(ex, nameof(IFuseFileSystem.Forget));
        }
    }

    private async Task ProcessAsync(FuseRequest request)
    {
        try
        {
            var ctx = new FuseContext(request.Unique, request.Header.Uid, request.Header.Gid, request.Header.Pid, request.Token);
            await DispatchAsync(request, ctx).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (request.Token.IsCancellationRequested)
        {
            if (!request.Replied) ReplyError(request, Errno.EINTR);
        }
        catch (Exception ex)
        {
            _logger.HandlerFailed(ex, request.Header.Opcode, request.Unique);
            if (!request.Replied) ReplyError(request, Errno.EIO);
        }
        finally
        {
            if (!request.Replied) ReplyError(request, Errno.EIO); // a dispatch path that forgot to answer
            _interrupts.Complete(request.Unique);
            if (request.IsBigBuffer) ReturnBig(request.Buffer);
            else ArrayPool<byte>.Shared.Return(request.Buffer);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>
    /// Ends the session once: cancels running requests, waits briefly for them, forgets every
    /// node the kernel still referenced (its references died with the connection), destroys.
    /// </summary>
    private async Task FinishAsync()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        _destroyed = true;
        _dispatcher.Stop();
        _notifier.Close();
        _ready.TrySetException(new IOException("The FUSE session ended before INIT was answered."));
        try
        {
            await _sessionCts.CancelAsync().ConfigureAwait(false);
        }
        catch (AggregateException ex)
        {
            _logger.CallbackFailed(ex, "cancellation");
        }
        var deadline = DateTime.UtcNow + DrainTimeout;
        while (Volatile.Read(ref _inFlight) > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(10).ConfigureAwait(false);
        if (Volatile.Read(ref _inFlight) > 0) _logger.DrainTimedOut(Volatile.Read(ref _inFlight), (int)DrainTimeout.TotalSeconds);

        if (_init is not null)
        {
            foreach (ulong node in _lookups.Clear()) CallForget(node);
            try
            {
                _fs.Destroy();
            }
            catch (Exception ex)
            {
                _logger.CallbackFailed(ex, nameof(IFuseFileSystem.Destroy));
            }
        }
        lock (_clones)
        {
            foreach (var clone in _clones) clone.Dispose();
            _clones.Clear();
        }
        _main.Dispose();
        _logger.SessionEnded();
        _completion.TrySetResult();
    }

    private static bool IsDispatched(FuseOpcode op) => op switch
    {
        FuseOpcode.Lookup or FuseOpcode.GetAttr or FuseOpcode.SetAttr or FuseOpcode.ReadLink or FuseOpcode.Symlink
            or FuseOpcode.MkNod or FuseOpcode.MkDir or FuseOpcode.Unlink or FuseOpcode.RmDir or FuseOpcode.Rename
            or FuseOpcode.Rename2 or FuseOpcode.Link or FuseOpcode.Open or FuseOpcode.Read or FuseOpcode.Write
            or FuseOpcode.StatFs or FuseOpcode.Release or FuseOpcode.Fsync or FuseOpcode.SetXattr or FuseOpcode.GetXattr
            or FuseOpcode.ListXattr or FuseOpcode.RemoveXattr or FuseOpcode.Flush or FuseOpcode.OpenDir
            or FuseOpcode.ReadDir or FuseOpcode.ReadDirPlus or FuseOpcode.ReleaseDir or FuseOpcode.FsyncDir
            or FuseOpcode.GetLk or FuseOpcode.SetLk or FuseOpcode.SetLkW or FuseOpcode.Access or FuseOpcode.Create
            or FuseOpcode.Fallocate or FuseOpcode.Lseek or FuseOpcode.CopyFileRange => true,
        _ => false,
    };
}
