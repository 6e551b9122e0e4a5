/// The daemons' version, as `/healthz` and `custody_daemon_info` report it.
public enum DaemonVersion {
    public static let current = "0.1.0"
}
