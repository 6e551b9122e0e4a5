public import Policy

/// Reads the messages a payload's document asks to sign, for payload kinds the signer does not
/// read itself: the driver supplies it (for `psbt`, a Bitcoin module that gives one sighash per
/// input). The `digest` kind is built into the signer and never reaches it.
public protocol PayloadMessageReader: Sendable {
    /// The messages `document` asks to sign, in order, or nil when it is no `kind` document this
    /// reader can read. The signer has already checked that `document` hashes to the payload.
    func messages(of document: [UInt8], kind: PolicyRequest.Payload.Kind) -> [[UInt8]]?
}

/// A reader for signers that sign raw digests only: it reads no document.
public struct DigestPayloadsOnly: PayloadMessageReader {
    public init() {}

    public func messages(of document: [UInt8], kind: PolicyRequest.Payload.Kind) -> [[UInt8]]? { nil }
}
