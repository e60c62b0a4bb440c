// The test Neo4j: Neo4j Community embedded, Bolt (and HTTP when the server module is on the classpath) on
// 127.0.0.1 only, auth enabled with the given password. Prints "READY bolt://127.0.0.1:<port>" once it
// accepts queries; stops cleanly on SIGTERM. Run by tests/neo4j_server.py with the classpath that
// scripts/neo4j/fetch.sh resolved:  java -cp <classpath> Launcher.java <home> <bolt-port> <http-port> <password>
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: Launcher <home> <bolt-port> <http-port> <password>");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        int boltPort = Integer.parseInt(args[1]);
        int httpPort = Integer.parseInt(args[2]);
        String password = args[3];
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
            .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
            .setConfig(HttpConnector.enabled, httpPort > 0)
            .setConfig(HttpConnector.listen_address, new SocketAddress("127.0.0.1", Math.max(httpPort, 0)))
            .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }));
        dbms.database("system").executeTransactionally(
            "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        dbms.database("neo4j").executeTransactionally("RETURN 1");
        System.out.println("READY bolt://127.0.0.1:" + boltPort + (httpPort > 0 ? " http://127.0.0.1:" + httpPort : ""));
        System.out.flush();
        stopped.await();
    }
}
