import ArgumentParser

/// `custodyd`: the Custody daemons (coordinator and signer). The daemons arrive in later releases.
struct CustodyDaemon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custodyd",
        abstract: "Custody daemons: the coordinator and the signers.",
        discussion: "No daemon is available in this release yet; `custody frost` runs the signing protocol offline.")
}

CustodyDaemon.main()
