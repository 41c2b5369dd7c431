package chtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"industrydash/internal/testenv/proc"
)

// ClusterName is the name of the private test cluster in the shards'
// remote_servers configuration (what -clickhouse-cluster names).
const ClusterName = "industrydash_test"

// ClusterShards is how many shards the private test cluster has (one
// replica each).
const ClusterShards = 2

// zkHint tells a developer how to get ZooKeeper.
const zkHint = "install it with scripts/ensure-zookeeper.sh (Debian: apt-get install zookeeper default-jre-headless)"

// Cluster is a private ClickHouse cluster: Debian's ZooKeeper and
// ClusterShards clickhouse-servers on free 127.0.0.1 ports, each with its
// own data directory and macros ({shard}, {replica}).
type Cluster struct {
	zk     *zkServer
	shards []*server
}

var (
	clusterOnce    sync.Once
	testCluster    *Cluster
	clusterErr     error
	clusterMissing bool
)

// StartCluster starts ZooKeeper and the shards. Close stops them.
func StartCluster() (*Cluster, error) {
	bin, args, err := findServer()
	if err != nil {
		return nil, fmt.Errorf("chtest: no ClickHouse server binary (%w); %s", err, installHint)
	}
	java, cp, err := findZooKeeper()
	if err != nil {
		return nil, fmt.Errorf("chtest: %w; %s", err, zkHint)
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a chosen port may be taken before it is bound
		c, err := startCluster(bin, args, java, cp)
		if err == nil {
			return c, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func startCluster(bin string, args []string, java, cp string) (*Cluster, error) {
	ports, err := proc.FreePorts(1 + 3*ClusterShards)
	if err != nil {
		return nil, err
	}
	zk, err := startZooKeeper(java, cp, ports[0])
	if err != nil {
		return nil, err
	}
	c := &Cluster{zk: zk}
	for i := 0; i < ClusterShards; i++ {
		p := ports[1+3*i : 4+3*i]
		s, err := startOn(bin, args, p, clusterXML(ports, ports[0], i))
		if err != nil {
			_ = c.Close()
			return nil, fmt.Errorf("shard %d: %w", i+1, err)
		}
		c.shards = append(c.shards, s)
	}
	// ZooKeeper answering "imok" does not mean it serves sessions yet: wait
	// until every shard reads it (the first replicated table needs it).
	for i, s := range c.shards {
		if err := waitZooKeeper(s.dsn, 60*time.Second); err != nil {
			_ = c.Close()
			return nil, fmt.Errorf("shard %d: %w", i+1, err)
		}
	}
	return c, nil
}

// waitZooKeeper polls the server of dsn until it can read ZooKeeper's root.
func waitZooKeeper(dsn string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := execOn(ctx, dsn, "SELECT count() FROM system.zookeeper WHERE path = '/'")
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the shard cannot reach ZooKeeper within %v: %w", limit, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// clusterXML is the cluster part of shard i's configuration: every shard's
// TCP port in remote_servers (ports holds ZooKeeper's, then tcp/http/
// interserver per shard), the ZooKeeper node and the macros.
func clusterXML(ports []int, zkPort, i int) string {
	var b strings.Builder
	b.WriteString("    <remote_servers>\n        <" + ClusterName + ">\n")
	for j := 0; j < ClusterShards; j++ {
		fmt.Fprintf(&b, "            <shard><internal_replication>true</internal_replication>"+
			"<replica><host>127.0.0.1</host><port>%d</port></replica></shard>\n", ports[1+3*j])
	}
	b.WriteString("        </" + ClusterName + ">\n    </remote_servers>\n")
	fmt.Fprintf(&b, "    <zookeeper><node><host>127.0.0.1</host><port>%d</port></node>"+
		"<session_timeout_ms>30000</session_timeout_ms></zookeeper>\n", zkPort)
	fmt.Fprintf(&b, "    <macros><shard>%02d</shard><replica>r1</replica></macros>\n", i+1)
	return b.String()
}

// DSN returns the DSN of the first shard (database "default"), the node the
// product connects to; its Distributed tables reach every shard.
func (c *Cluster) DSN() string { return c.shards[0].dsn }

// ShardDSNs returns every shard's DSN (database "default").
func (c *Cluster) ShardDSNs() []string {
	var out []string
	for _, s := range c.shards {
		out = append(out, s.dsn)
	}
	return out
}

// Close stops the shards and ZooKeeper and removes their directories.
func (c *Cluster) Close() error {
	var errs []error
	for _, s := range c.shards {
		errs = append(errs, s.stop())
	}
	if c.zk != nil {
		errs = append(errs, c.zk.stop())
	}
	return errors.Join(errs...)
}

// clusterFor returns the process's private cluster, starting it on first
// use; it skips t (fails under CI=true) when ZooKeeper or ClickHouse is
// missing.
func clusterFor(t testing.TB) *Cluster {
	t.Helper()
	clusterOnce.Do(func() {
		if _, _, err := findServer(); err != nil {
			clusterMissing, clusterErr = true, fmt.Errorf("%v; %s", err, installHint)
			return
		}
		if _, _, err := findZooKeeper(); err != nil {
			clusterMissing, clusterErr = true, fmt.Errorf("%v; %s", err, zkHint)
			return
		}
		testCluster, clusterErr = StartCluster()
	})
	if clusterMissing {
		msg := fmt.Sprintf("chtest: cannot start a ClickHouse cluster: %v", clusterErr)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " — CI=true, so this is a failure, not a skip")
		}
		t.Skip("!!! SKIPPING ClickHouse cluster test !!! " + msg)
	}
	if clusterErr != nil {
		t.Fatalf("chtest: private ClickHouse cluster did not start: %v", clusterErr)
	}
	return testCluster
}

// NewClusterDatabase returns a DSN on the private test cluster's first
// shard for a uniquely named database (the store creates it on every node
// when it migrates in cluster mode), the cluster's name, and every shard's
// DSN for that database. The database is dropped on every shard when t
// ends. The cluster starts on first use and is stopped by Main.
func NewClusterDatabase(t testing.TB) (dsn, cluster string, shards []string) {
	t.Helper()
	c := clusterFor(t)
	db := proc.DatabaseName(t.Name())
	for _, base := range c.ShardDSNs() {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatalf("chtest: bad shard DSN %q: %v", base, err)
		}
		u.Path = "/" + db
		shards = append(shards, u.String())
	}
	t.Cleanup(func() {
		var wg sync.WaitGroup
		for _, base := range c.ShardDSNs() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				defer cancel()
				if err := execOn(ctx, base, "DROP DATABASE IF EXISTS "+db); err != nil {
					t.Errorf("chtest: drop database %s on %s: %v", db, base, err)
				}
			}()
		}
		wg.Wait()
	})
	return shards[0], ClusterName, shards
}

// StopShard stops shard i (0-based) of the private test cluster, keeping
// its ports and data; StartShard brings it back. Other tests must not run
// in parallel with a test that does this.
func StopShard(t testing.TB, i int) {
	t.Helper()
	c := clusterFor(t)
	if i < 0 || i >= len(c.shards) {
		t.Fatalf("chtest: no shard %d", i)
	}
	c.shards[i].halt()
}

// StartShard starts shard i again after StopShard and waits until it
// answers; starting a running shard does nothing.
func StartShard(t testing.TB, i int) {
	t.Helper()
	c := clusterFor(t)
	s := c.shards[i]
	select {
	case <-s.p.Done():
	default:
		return
	}
	if err := s.resume(); err != nil {
		t.Fatalf("chtest: restart shard %d: %v", i, err)
	}
}

// stopCluster stops the private test cluster, if one was started.
func stopCluster() {
	if testCluster != nil {
		if err := testCluster.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "chtest: stopping the test cluster: %v\n", err)
		}
	}
}

// zkServer is a running private ZooKeeper (standalone).
type zkServer struct {
	dir string
	p   *proc.Process
}

// findZooKeeper locates java and Debian's ZooKeeper jars
// (/usr/share/java/zookeeper.jar, whose manifest lists its dependencies).
func findZooKeeper() (java, classpath string, err error) {
	java, err = exec.LookPath("java")
	if err != nil {
		return "", "", fmt.Errorf("java not found: %w", err)
	}
	jar := "/usr/share/java/zookeeper.jar"
	if _, err := os.Stat(jar); err != nil {
		return "", "", fmt.Errorf("ZooKeeper not installed (%s missing)", jar)
	}
	cp := jar
	if _, err := os.Stat("/usr/share/java/slf4j-simple.jar"); err == nil {
		cp += ":/usr/share/java/slf4j-simple.jar" // logs to the process's output file
	}
	return java, cp, nil
}

// startZooKeeper runs a standalone ZooKeeper on 127.0.0.1:port in a new
// temporary directory and waits until it answers "ruok".
func startZooKeeper(java, cp string, port int) (*zkServer, error) {
	dir, err := os.MkdirTemp("", "chtest-zk-")
	if err != nil {
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	cfg := filepath.Join(dir, "zoo.cfg")
	conf := "tickTime=2000\ndataDir=" + filepath.Join(dir, "data") + "\nclientPort=" + strconv.Itoa(port) +
		"\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n4lw.commands.whitelist=ruok\nmaxClientCnxns=200\nforceSync=no\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("write zoo.cfg: %w", err)
	}
	out, err := os.Create(filepath.Join(dir, "zookeeper.log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer out.Close()
	cmd := exec.Command(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", cp,
		"org.apache.zookeeper.server.ZooKeeperServerMain", cfg)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, out, out
	p, err := proc.Start(cmd)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start ZooKeeper: %w", err)
	}
	z := &zkServer{dir: dir, p: p}
	ping := func(context.Context) error {
		if !zkOK(port) {
			return errors.New("no imok")
		}
		return nil
	}
	if err := p.WaitReady("ZooKeeper", 60*time.Second, 200*time.Millisecond, ping); err != nil {
		log := proc.Tail(filepath.Join(dir, "zookeeper.log"), 40)
		_ = z.stop()
		return nil, fmt.Errorf("%w\n%s", err, log)
	}
	return z, nil
}

// zkOK reports whether the ZooKeeper on port answers "imok".
func zkOK(port int) bool {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second)
	if err != nil {
		return false
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Write([]byte("ruok")); err != nil {
		return false
	}
	buf := make([]byte, 4)
	n, _ := conn.Read(buf)
	return string(buf[:n]) == "imok"
}

// stop terminates ZooKeeper and removes its directory.
func (z *zkServer) stop() error {
	z.p.Halt(syscall.SIGTERM, 20*time.Second)
	return os.RemoveAll(z.dir)
}
