import HummingbirdTLS
import NIOSSL

/// A daemon's TLS certificate chain and private key, as PEM files (`tls.certificate`,
/// `tls.key`; docs/daemons.md, "TLS"). They are read when the daemon starts, not when the
/// configuration is.
public struct TLSFiles: Sendable, Equatable, Decodable {
    /// The certificate chain, the daemon's own certificate first.
    public let certificate: String
    /// The certificate's private key (keep the file mode 0600).
    public let key: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case certificate, key
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let certificate = try container.parsed(.certificate, ConfigurationValues.path) else {
            throw ConfigurationProblem(container.codingPath + [CodingKeys.certificate], "missing required key")
        }
        guard let key = try container.parsed(.key, ConfigurationValues.path) else {
            throw ConfigurationProblem(container.codingPath + [CodingKeys.key], "missing required key")
        }
        self.certificate = certificate
        self.key = key
    }

    /// The server's TLS configuration (TLS 1.2 or later, NIOSSL's default ciphers).
    /// - Throws: ``StartupError`` naming the file that cannot be read or parsed.
    func serverConfiguration() throws(StartupError) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw StartupError("cannot read the TLS certificate \(certificate): \(error)")
        }
        guard !chain.isEmpty else { throw StartupError("the TLS certificate file \(certificate) holds no certificate") }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            // The error names the file, never its content.
            throw StartupError("cannot read the TLS private key \(key): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// The client's TLS configuration: peers verified against the certificates in the PEM file
    /// `authorities`, or the system's trust roots when nil, host names (or IP addresses) checked.
    static func clientConfiguration(trusting authorities: String?) throws(StartupError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        guard let authorities else { return configuration }
        do {
            let roots = try NIOSSLCertificate.fromPEMFile(authorities)
            guard !roots.isEmpty else { throw StartupError("the signer CA file \(authorities) holds no certificate") }
            configuration.trustRoots = .certificates(roots)
        } catch let error as StartupError {
            throw error
        } catch {
            throw StartupError("cannot read the signer CA file \(authorities): \(error)")
        }
        return configuration
    }
}
