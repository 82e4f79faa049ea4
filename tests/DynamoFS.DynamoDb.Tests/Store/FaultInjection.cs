using System.Net;
using System.Text;
using Amazon.Runtime;

namespace DynamoFS.DynamoDb.Tests.Store;

/// <summary>What an injected fault does to one request.</summary>
public enum Fault
{
    /// <summary>Answer 500 InternalServerError without sending the request.</summary>
    ServerError,
    /// <summary>Answer 400 ProvisionedThroughputExceededException without sending the request.</summary>
    Throttle,
    /// <summary>Throw as if the connection dropped before a response (request not sent).</summary>
    ConnectionDrop,
    /// <summary>Send the request (it applies), then answer 500: the client cannot know it succeeded.</summary>
    LostResponse,
}

/// <summary>
/// An HTTP layer for the AWS SDK that injects faults into chosen DynamoDB calls, in front of a
/// real DynamoDB Local: the store under test sees genuine SDK exceptions, not a mock.
/// </summary>
public sealed class FaultInjectingHttpClientFactory : HttpClientFactory
{
    private readonly Lock _lock = new();
    private readonly List<(string Operation, Fault Fault, int Remaining)> _plan = [];

    public int Injected { get; private set; }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="operation"/> (e.g. "GetItem") fail with <paramref name="fault"/>.</summary>
    public void Inject(string operation, Fault fault, int times = 1)
    {
        lock (_lock)
        {
            _plan.Add((operation, fault, times));
        }
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private Fault? Take(string operation)
    {
        lock (_lock)
        {
            int i = _plan.FindIndex(p => p.Operation == operation && p.Remaining > 0);
            if (i < 0)
            {
                return null;
            }
            var p = _plan[i];
            _plan[i] = p with { Remaining = p.Remaining - 1 };
            Injected++;
            return p.Fault;
        }
    }

    private sealed class Handler(FaultInjectingHttpClientFactory owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            string target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "";
            string operation = target[(target.IndexOf('.') + 1)..];
            switch (owner.Take(operation))
            {
                case Fault.ServerError:
                    return Error(HttpStatusCode.InternalServerError, "InternalServerError");
                case Fault.Throttle:
                    return Error(HttpStatusCode.BadRequest, "ProvisionedThroughputExceededException");
                case Fault.ConnectionDrop:
                    throw new HttpRequestException("injected: connection reset by peer");
                case Fault.LostResponse:
                    using (var real = await base.SendAsync(request, ct))
                    {
                        await real.Content.ReadAsByteArrayAsync(ct);
                    }
                    return Error(HttpStatusCode.InternalServerError, "InternalServerError");
                default:
                    return await base.SendAsync(request, ct);
            }
        }

        private static HttpResponseMessage Error(HttpStatusCode status, string type) => new(status)
        {
            Content = new StringContent(
                $"{{\"__type\":\"com.amazonaws.dynamodb.v20120810#{type}\",\"message\":\"injected fault\"}}",
                Encoding.UTF8, "application/x-amz-json-1.0"),
        };
    }
}
