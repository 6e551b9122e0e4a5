public import ArgumentParser

/// The `custody` command: the tool that custody officers, auditors and operators carry.
public struct CustodyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "custody",
        abstract: "Custody: threshold-signing custody for officers, auditors and operators.",
        subcommands: [
            FrostCommand.self, HSMCommand.self, PolicyCommand.self, AuditCommand.self, OfficerCommand.self,
            ApproveCommand.self, RejectCommand.self, RequestsCommand.self, DevCommand.self, WalletCommand.self,
            FreezeCommand.self,
            UnfreezeCommand.self,
        ])

    public init() {}
}
