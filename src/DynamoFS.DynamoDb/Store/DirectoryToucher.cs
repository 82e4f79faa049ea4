using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DynamoFS.DynamoDb.Requests;
using DynamoFS.DynamoDb.Schema;

namespace DynamoFS.DynamoDb.Store;

/// <summary>
/// Advances directories' mtime/ctime off the critical path of creates and unlinks (which do not
/// name the parent: docs/DESIGN.md, "Creates do not touch the parent directory"). Per directory at
/// most one update is in flight and at most one is sent per interval; touches arriving meanwhile
/// collapse into one carrying the latest time. Each update is "SET mt = :t, ct = :t" conditioned
/// on "mt &lt; :t", so a late or reordered update never moves a time backwards; a failed condition
/// is the expected outcome of losing to a newer time and is ignored. The update does not bump the
/// inode version: it is not a decision other writers need to see, and bumping it would make every
/// create in a directory conflict with a concurrent chmod or rmdir of it.
/// </summary>
internal sealed class DirectoryToucher(DynamoTable table, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, State> _states = [];

    public void Touch(ulong directory, long timeNs)
    {
        lock (_lock)
        {
            if (_states.TryGetValue(directory, out var state))
            {
                state.Pending = Math.Max(state.Pending, timeNs);
                return;
            }
            state = new State { Pending = timeNs };
            _states[directory] = state;
            state.Loop = RunAsync(directory, state);
        }
    }

    /// <summary>Waits until every touch requested so far has been written (tests, unmount).</summary>
    public async Task FlushAsync()
    {
        while (true)
        {
            Task[] loops;
            lock (_lock)
            {
                loops = _states.Values.Select(s => s.Loop).OfType<Task>().ToArray();
            }
            if (loops.Length == 0)
            {
                return;
            }
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(ulong directory, State state)
    {
        await Task.Yield();
        while (true)
        {
            long time;
            lock (_lock)
            {
                time = state.Pending;
                state.Pending = 0;
            }
            if (time != 0)
            {
                try
                {
                    await SendAsync(directory, time).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Best effort by design: a directory time that could not be advanced within the
                    // retry budget is not worth failing anything for.
                }
                await Task.Delay(interval).ConfigureAwait(false);
            }
            lock (_lock)
            {
                if (state.Pending == 0)
                {
                    _states.Remove(directory);
                    return;
                }
            }
        }
    }

    private async Task SendAsync(ulong directory, long timeNs)
    {
        var x = new Expression();
        string t = x.V(InodeCodec.N(timeNs));
        var request = new UpdateItemRequest
        {
            Key = Keys.Inode(directory),
            UpdateExpression = $"SET {x.N(InodeCodec.ModifyTime)} = {t}, {x.N(InodeCodec.ChangeTime)} = {t}",
            ConditionExpression = $"attribute_exists({x.N(Keys.Pk)}) AND (attribute_not_exists({x.N(InodeCodec.ModifyTime)}) OR {x.N(InodeCodec.ModifyTime)} < {t})",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.NONE,
        };
        request.ExpressionAttributeNames = x.Names;
        request.ExpressionAttributeValues = x.Values;
        await table.UpdateItemAsync(request, CancellationToken.None).ConfigureAwait(false);
    }

    private sealed class State
    {
        public long Pending;
        public Task? Loop;
    }
}
