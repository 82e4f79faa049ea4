// Starts DynamoDB Local bound to 127.0.0.1 only.
//
// DynamoDB Local's own launcher (ServerRunner) binds Jetty to every interface and has no option
// to choose one. This wrapper builds the server exactly as ServerRunner does, sets the Jetty
// connector's host to the loopback address before starting it, and then waits on it. It takes
// the same arguments as DynamoDBLocal.jar (-port, -inMemory | -dbPath, -disableTelemetry, ...).
// Compiled once by DynamoDbLocalInstaller against the pinned DynamoDBLocal.jar.
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

public final class LoopbackDynamoDbLocal {
    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        if (proxy == null) {
            System.exit(2);
        }
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector) {
                ((ServerConnector) connector).setHost("127.0.0.1");
            }
        }
        proxy.start();
        System.out.println("DynamoDB Local listening on 127.0.0.1");
        System.out.flush();
        proxy.join();
    }
}
