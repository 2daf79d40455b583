import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real YARN and HDFS on 127.0.0.1 in this one JVM: a MiniDFSCluster (one DataNode) and a
 * MiniYARNCluster (a ResourceManager and one NodeManager), as Spark's own YARN tests run them.
 * Writes core-site.xml and yarn-site.xml into {@code <dir>/conf}, prints {@code
 * HADOOP_CONF_DIR=<dir>/conf} once both are up, and runs until the process is stopped.
 * Launched by conf/local-yarn/start with Java's source launcher (nothing to build).
 *
 * <p>Arguments: {@code <dir> <NodeManager memory MB> <NodeManager vcores>}.
 */
public final class LocalYarn {
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) { // Hadoop's threads would keep a failed start alive
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int memory = Integer.parseInt(args[1]);
        int cores = Integer.parseInt(args[2]);
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);

        Configuration hdfsConf = new Configuration();
        hdfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        hdfsConf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(hdfsConf).numDataNodes(1).build();
        hdfs.waitClusterUp();
        String defaultFs = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();

        YarnConfiguration yarnConf = new YarnConfiguration();
        yarnConf.set("fs.defaultFS", defaultFs);
        yarnConf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        // the FIFO scheduler: the capacity scheduler would need a queue file
        yarnConf.set(YarnConfiguration.RM_SCHEDULER, "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
        yarnConf.set(YarnConfiguration.NM_ADDRESS, "127.0.0.1:0");
        yarnConf.setInt(YarnConfiguration.NM_PMEM_MB, memory);
        yarnConf.setInt(YarnConfiguration.NM_VCORES, cores);
        yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memory);
        yarnConf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        yarnConf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // a disk filling up must not take the one NodeManager out of service during a test
        yarnConf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.5f);
        MiniYARNCluster yarn = new MiniYARNCluster("sparkbolt", 1, 1, 1);
        yarn.init(yarnConf);
        yarn.start();
        // the ResourceManager's real addresses are known once it has started
        long deadline = System.currentTimeMillis() + 60_000;
        while (yarn.getResourceManager().getConfig().get(YarnConfiguration.RM_ADDRESS, "").endsWith(":0")
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }

        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", defaultFs);
        write(core, conf.resolve("core-site.xml"));
        Configuration site = new Configuration(yarn.getConfig());
        site.set("fs.defaultFS", defaultFs);
        write(site, conf.resolve("yarn-site.xml"));
        Configuration hdfsSite = new Configuration(false);
        hdfsSite.setInt("dfs.replication", 1); // one DataNode
        write(hdfsSite, conf.resolve("hdfs-site.xml"));
        System.out.println("HDFS=" + defaultFs);
        System.out.println("HADOOP_CONF_DIR=" + conf);
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            yarn.stop();
            hdfs.shutdown();
        }));
        Thread.currentThread().join();
    }

    private static void write(Configuration configuration, Path file) throws IOException {
        try (OutputStream out = new FileOutputStream(file.toFile())) {
            configuration.writeXml(out);
        }
    }
}
