using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoFS.DynamoDb.Tables;

/// <summary>
/// `dynamofs format`: makes sure a table exists and holds a file system with the requested
/// settings. Idempotent, so scripts can run it on every start: a file system that is already
/// there with the same settings is left alone. It never destroys data unless told to (Force):
/// different settings, a table with a foreign key schema, or a non-empty table that is not a file
/// system are refused with the reason.
/// </summary>
public sealed class FileSystemFormatter
{
    private readonly IAmazonDynamoDB _client;
    private readonly IFileSystemInitializer _initializer;
    private readonly TableManager _tables;
    private readonly ILogger _logger;

    public FileSystemFormatter(IAmazonDynamoDB client, IFileSystemInitializer initializer, ILogger? logger = null, TableManager? tables = null)
    {
        _client = client;
        _initializer = initializer;
        _logger = logger ?? NullLogger.Instance;
        _tables = tables ?? new TableManager(client, _logger);
    }

    public async Task<FormatResult> FormatAsync(string table, FormatOptions options, CancellationToken cancellationToken = default)
    {
        BlockSize.Validate(options.BlockSize);
        var requested = new FileSystemFormat(options.BlockSize);

        var description = await _tables.DescribeAsync(table, cancellationToken).ConfigureAwait(false);
        if (description is null)
        {
            await _tables.CreateAsync(table, cancellationToken).ConfigureAwait(false);
            await InitializeAsync(table, options, cancellationToken).ConfigureAwait(false);
            return new FormatResult(FormatOutcome.Created, requested);
        }

        if (options.Force)
        {
            _logger.LogWarning("--force: destroying table {Table} and everything in it", table);
            await _tables.DeleteAsync(table, cancellationToken: cancellationToken).ConfigureAwait(false);
            await _tables.CreateAsync(table, cancellationToken).ConfigureAwait(false);
            await InitializeAsync(table, options, cancellationToken).ConfigureAwait(false);
            return new FormatResult(FormatOutcome.Reformatted, requested);
        }

        if (!TableManager.HasFileSystemKeySchema(description))
        {
            throw new TableException(
                $"table {table} exists with another key schema, so it is not a DynamoFS table. Choose another name (or delete it, or add --force to destroy it)");
        }
        await _tables.WaitActiveAsync(table, cancellationToken: cancellationToken).ConfigureAwait(false);

        var existing = await _initializer.ReadFormatAsync(_client, table, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing == requested)
            {
                return new FormatResult(FormatOutcome.AlreadyFormatted, existing);
            }
            throw new TableException(
                $"{table} is already formatted with block size {BlockSize.Format(existing.BlockSize)}, not {BlockSize.Format(requested.BlockSize)}. Format with the same settings, or add --force to destroy it and format again");
        }

        // No settings item: either an empty table (made by hand, or by a format interrupted before
        // its first item), leftovers of an interrupted initializer, or someone else's data. Only
        // the first two are safe to initialize; initializing adds items and never deletes any.
        if (!await HoldsAtMostFormatLeftoversAsync(table, cancellationToken).ConfigureAwait(false))
        {
            throw new TableException(
                $"table {table} holds items but no DynamoFS file system. Choose another name, or add --force to destroy its contents");
        }
        await InitializeAsync(table, options, cancellationToken).ConfigureAwait(false);
        return new FormatResult(FormatOutcome.Initialized, requested);
    }

    private async Task InitializeAsync(string table, FormatOptions options, CancellationToken cancellationToken)
    {
        _logger.LogInformation("Initializing file system in {Table} (block size {BlockSize})", table, BlockSize.Format(options.BlockSize));
        await DynamoDbErrors.GuardAsync("PutItem", table, async () =>
        {
            await _initializer.InitializeAsync(_client, table, options, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// True for an empty table, or one with the handful of items a format killed between the root
    /// inode and the settings item leaves behind. More than that is somebody's data.
    /// </summary>
    private async Task<bool> HoldsAtMostFormatLeftoversAsync(string table, CancellationToken cancellationToken)
    {
        var page = await DynamoDbErrors.GuardAsync("Scan", table,
            () => _client.ScanAsync(new ScanRequest { TableName = table, Limit = InterruptedFormatMaxItems + 1, Select = Select.COUNT }, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return (page.Count ?? 0) <= InterruptedFormatMaxItems && page.LastEvaluatedKey is not { Count: > 0 };
    }

    /// <summary>At most this many items may be left by an interrupted initializer (root inode, its entries, counters).</summary>
    private const int InterruptedFormatMaxItems = 8;
}
