using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoFS.DynamoDb.Tables;

/// <summary>
/// Creates, finds and deletes the one table that holds a file system. Every file system's table has
/// the same shape: partition key <c>pk</c> (S), sort key <c>sk</c> (S), on-demand billing (no
/// capacity to plan, and idle file systems cost only storage). Failures surface as one-line
/// <see cref="TableException"/>s.
/// </summary>
public sealed class TableManager
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";

    /// <summary>Real tables take seconds to a minute to become ACTIVE, or to vanish after DeleteTable.</summary>
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromMinutes(5);

    private readonly IAmazonDynamoDB _client;
    private readonly ILogger _logger;
    private readonly TimeSpan _pollInterval;

    public TableManager(IAmazonDynamoDB client, ILogger? logger = null, TimeSpan? pollInterval = null)
    {
        _client = client;
        _logger = logger ?? NullLogger.Instance;
        _pollInterval = pollInterval ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>Creates the table and waits until it is ACTIVE. Fails (ResourceInUse) if it already exists.</summary>
    public async Task<TableDescription> CreateAsync(string table, CancellationToken cancellationToken = default)
    {
        _logger.LogInformation("Creating table {Table} (pk/sk, on-demand)", table);
        await DynamoDbErrors.GuardAsync("CreateTable", table, () => _client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(PartitionKey, ScalarAttributeType.S),
                new AttributeDefinition(SortKey, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(PartitionKey, KeyType.HASH), new KeySchemaElement(SortKey, KeyType.RANGE)],
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        return await WaitActiveAsync(table, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The table's description, or null when it does not exist.</summary>
    public async Task<TableDescription?> DescribeAsync(string table, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await DynamoDbErrors.GuardAsync("DescribeTable", table,
                () => _client.DescribeTableAsync(new DescribeTableRequest { TableName = table }, cancellationToken), cancellationToken).ConfigureAwait(false);
            return response.Table;
        }
        catch (TableException e) when (e.InnerException is ResourceNotFoundException)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string table, CancellationToken cancellationToken = default) =>
        await DescribeAsync(table, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Polls DescribeTable until the table is ACTIVE; fails if it disappears or the timeout passes.</summary>
    public async Task<TableDescription> WaitActiveAsync(string table, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultWaitTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var description = await DescribeAsync(table, cancellationToken).ConfigureAwait(false)
                ?? throw new TableException($"table {table} disappeared while waiting for it to become active. Another process deleted it; format again");
            if (description.TableStatus == TableStatus.ACTIVE)
            {
                return description;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TableException(
                    $"table {table} is still {description.TableStatus} after {limit.TotalSeconds:0} s. Check it in the AWS console, then retry");
            }
            _logger.LogDebug("Table {Table} is {Status}; waiting", table, description.TableStatus);
            await Task.Delay(_pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes the table and every item in it, and waits until it is gone (so a create of the same
    /// name can follow). Returns false when there was no such table.
    /// </summary>
    public async Task<bool> DeleteAsync(string table, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var description = await DescribeAsync(table, cancellationToken).ConfigureAwait(false);
        if (description is null)
        {
            return false;
        }
        // DeleteTable is refused while the table is being created or updated.
        if (description.TableStatus != TableStatus.ACTIVE && description.TableStatus != TableStatus.DELETING)
        {
            await WaitActiveAsync(table, timeout, cancellationToken).ConfigureAwait(false);
        }
        _logger.LogInformation("Deleting table {Table}", table);
        try
        {
            if (description.TableStatus != TableStatus.DELETING)
            {
                await DynamoDbErrors.GuardAsync("DeleteTable", table,
                    () => _client.DeleteTableAsync(new DeleteTableRequest { TableName = table }, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TableException e) when (e.InnerException is ResourceNotFoundException)
        {
            // Deleted by someone else between our describe and delete: the outcome we wanted.
            return true;
        }

        var limit = timeout ?? DefaultWaitTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (await DescribeAsync(table, cancellationToken).ConfigureAwait(false) is not null)
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TableException($"table {table} is still being deleted after {limit.TotalSeconds:0} s. Wait, then retry");
            }
            await Task.Delay(_pollInterval, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>True when <paramref name="description"/> has exactly the pk (S) / sk (S) key schema of a file-system table.</summary>
    public static bool HasFileSystemKeySchema(TableDescription description)
    {
        var keys = description.KeySchema ?? [];
        var attributes = (description.AttributeDefinitions ?? []).ToDictionary(a => a.AttributeName, a => a.AttributeType);
        return keys.Count == 2
            && keys.Any(k => k.AttributeName == PartitionKey && k.KeyType == KeyType.HASH)
            && keys.Any(k => k.AttributeName == SortKey && k.KeyType == KeyType.RANGE)
            && attributes.GetValueOrDefault(PartitionKey) == ScalarAttributeType.S
            && attributes.GetValueOrDefault(SortKey) == ScalarAttributeType.S;
    }
}
