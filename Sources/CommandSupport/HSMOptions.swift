public import ArgumentParser
public import PKCS11

/// The options that point a command at an HSM token: the module, the token, and where the PIN
/// is (a file or an environment variable; never the command line).
public struct HSMOptions: ParsableArguments {
    @Option(name: .customLong("hsm-module"), help: "The PKCS#11 module (.so) of the HSM.")
    public var module: String

    @Option(help: "The token's label or serial number.")
    public var token: String

    @Option(name: .customLong("pin-file"), help: "A file holding the token's user PIN.")
    public var pinFile: String?

    @Option(name: .customLong("pin-env"), help: "An environment variable holding the token's user PIN.")
    public var pinEnvironment: String?

    public init() {}

    public func validate() throws {
        switch (pinFile, pinEnvironment) {
        case (nil, nil): throw ValidationError("give the PIN with --pin-file or --pin-env")
        case (.some, .some): throw ValidationError("give --pin-file or --pin-env, not both")
        default: break
        }
    }

    /// Where the PIN comes from.
    public var pin: PINSource {
        if let pinFile { return .file(pinFile) }
        return .environment(pinEnvironment!)
    }

    /// Loads the module and logs in to the token.
    public func open() throws(PKCS11Error) -> HSMToken {
        try HSMToken(module: PKCS11Module(path: module), labelOrSerial: token, pin: pin)
    }
}

extension IdentityCurve: ExpressibleByArgument {}
