public import ArgumentParser

/// `custody frost`: offline FROST tools.
public struct FrostCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "frost", abstract: "Offline FROST tools: keygen, sign, verify.", subcommands: [])
    public init() {}
}
