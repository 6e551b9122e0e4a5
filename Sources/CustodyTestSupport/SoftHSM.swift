public import Foundation
public import PKCS11
import Synchronization

/// A throwaway SoftHSM2 installation for tests: one token directory per test process (SoftHSM
/// reads its configuration once, at C_Initialize), and one fresh token per test, initialised
/// in-process through PKCS#11 (C_InitToken, C_InitPIN) exactly as an operator's tools would.
public enum SoftHSM {
    public static let userPIN = "user-pin-1234"
    public static let securityOfficerPIN = "so-pin-5678"

    /// The SoftHSM2 module: `CUSTODY_TEST_PKCS11_MODULE` or Debian's path.
    public static let modulePath =
        ProcessInfo.processInfo.environment["CUSTODY_TEST_PKCS11_MODULE"] ?? "/usr/lib/softhsm/libsofthsm2.so"

    /// The directory holding the configuration and the tokens.
    public static let directory: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "custody-softhsm-\(UUID().uuidString)")
        let tokens = directory.appendingPathComponent("tokens")
        try! FileManager.default.createDirectory(at: tokens, withIntermediateDirectories: true)
        let configuration = directory.appendingPathComponent("softhsm2.conf")
        try! """
        directories.tokendir = \(tokens.path)
        objectstore.backend = file
        log.level = ERROR
        slots.removable = false

        """.write(to: configuration, atomically: true, encoding: .utf8)
        setenv("SOFTHSM2_CONF", configuration.path, 1)
        return directory
    }()

    public static var configurationPath: String { directory.appendingPathComponent("softhsm2.conf").path }

    /// The module, loaded once for the whole process.
    public static let module: PKCS11Module = {
        _ = unusedTokens.withLock { $0.count }
        return try! PKCS11Module(path: modulePath)
    }()

    /// A file holding the user PIN.
    public static let pinFile: String = {
        let path = directory.appendingPathComponent("user.pin").path
        try! (userPIN + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try! FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }()

    /// How many tokens the process may hand out.
    public static let tokenCount = 384

    /// Tokens made before the module is loaded: SoftHSM2 sees the token directory as it was at
    /// C_Initialize, so each test's token is made up front with SoftHSM's own `softhsm2-util`.
    private static let unusedTokens: Mutex<[String]> = {
        var labels: [String] = []
        for index in 0..<tokenCount {
            // Two digits: no label is a prefix of another.
            let label = "custody-test-" + (index < 10 ? "0\(index)" : "\(index)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/softhsm2-util")
            process.arguments = [
                "--init-token", "--free", "--label", label, "--pin", userPIN, "--so-pin", securityOfficerPIN,
            ]
            process.environment = ["SOFTHSM2_CONF": configurationPath]
            process.standardOutput = FileHandle.nullDevice
            try! process.run()
            process.waitUntilExit()
            precondition(process.terminationStatus == 0, "softhsm2-util could not make a test token")
            labels.append(label)
        }
        return Mutex(labels.reversed())
    }()

    /// A new, initialised token of this test's own.
    public static func makeToken(_ purpose: String) throws -> String {
        _ = module
        guard let label = unusedTokens.withLock({ $0.popLast() }) else {
            throw PKCS11Error(.tokenNotFound, "all \(tokenCount) test tokens are in use; raise SoftHSM.tokenCount")
        }
        return label
    }

    /// A logged-in token with Custody's keys.
    public static func preparedToken(_ purpose: String, curve: IdentityCurve = .secp256k1) throws -> HSMToken {
        let label = try makeToken(purpose)
        let token = try HSMToken(module: module, labelOrSerial: label, pin: .file(pinFile))
        try token.ensureSealingKey()
        try token.ensureIdentityKey(curve: curve)
        return token
    }
}
