/// What an envelope's payload is: a 16-bit code. The codes are assigned in docs/protocol.md;
/// the payload formats are the later sections of that page. An envelope of any other code is
/// refused (`.unknownMessageType`), so that a message can never be read as one of another kind.
public struct MessageType: Hashable, Sendable, CustomStringConvertible {
    /// The code, big-endian on the wire.
    public let rawValue: UInt16

    /// Any code, known or not (an envelope of an unknown one is refused: ``isKnown``).
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A signed refusal: the sender says why it will not do what was asked.
    public static let refusal = MessageType(rawValue: 0x0001)
    /// Liveness, coordinator to signer: answer with a `pong` signed by your identity key.
    public static let ping = MessageType(rawValue: 0x0002)
    /// Liveness, signer to coordinator: the answer to a `ping`.
    public static let pong = MessageType(rawValue: 0x0003)
    /// Signing, coordinator to signer: send fresh round-1 commitments.
    public static let commitmentRequest = MessageType(rawValue: 0x0101)
    /// Signing, signer to coordinator: round-1 commitments.
    public static let commitments = MessageType(rawValue: 0x0102)
    /// Signing, coordinator to signer: the signing package and its authorization, asking for a share.
    public static let shareRequest = MessageType(rawValue: 0x0103)
    /// Signing, signer to coordinator: a signature share.
    public static let share = MessageType(rawValue: 0x0104)
    /// Robust signing, coordinator to signer: a session that will never finish; burn the
    /// commitment it holds.
    public static let sessionAbandoned = MessageType(rawValue: 0x0105)
    /// Robust signing, signer to coordinator: the abandoned session's commitment is burned.
    public static let abandonAcknowledged = MessageType(rawValue: 0x0106)
    /// Key ceremony, coordinator to signer: start a ceremony.
    public static let ceremonyStart = MessageType(rawValue: 0x0201)
    /// Key ceremony: a DKG round-1 package.
    public static let ceremonyRound1 = MessageType(rawValue: 0x0202)
    /// Key ceremony: the round-1 packages a signer received, echoed.
    public static let ceremonyRound1Echo = MessageType(rawValue: 0x0203)
    /// Key ceremony: a round-2 share, encrypted to its recipient.
    public static let ceremonyRound2 = MessageType(rawValue: 0x0204)
    /// Key ceremony: the sender's agreement to the transcript hash.
    public static let ceremonyTranscript = MessageType(rawValue: 0x0205)
    /// Key ceremony, signer to coordinator: the share is sealed and recorded; the ceremony is
    /// complete for the sender.
    public static let ceremonyComplete = MessageType(rawValue: 0x0206)
    /// Key ceremony, coordinator to signer: abandon the ceremony and discard what it produced.
    public static let ceremonyAbort = MessageType(rawValue: 0x0207)
    /// Key ceremony, signer to coordinator: the ceremony is abandoned and its share discarded.
    public static let ceremonyAborted = MessageType(rawValue: 0x0208)
    /// Coordinator → signer: a share refresh's invitation: the key version, the key refreshed,
    /// the ceremony (docs/key-ceremony.md § Share refresh). Answered like `ceremonyStart`.
    public static let ceremonyRefreshStart = MessageType(rawValue: 0x0209)
    /// Coordinator → helper: a share repair's invitation (docs/key-ceremony.md § Share repair);
    /// answered by `repairDeltas`.
    public static let repairStart = MessageType(rawValue: 0x020A)
    /// Share repair: a helper's deltas for the other helpers (its answer to `repairStart`), and
    /// the coordinator's relay of the deltas addressed to one helper (answered by `repairSigma`).
    public static let repairDeltas = MessageType(rawValue: 0x020B)
    /// Helper → coordinator: a share repair's sum of deltas for the participant repaired.
    public static let repairSigma = MessageType(rawValue: 0x020C)
    /// Coordinator → the daemon that is to hold the repaired share: the invitation and every
    /// helper's sum; answered by `ceremonyComplete`.
    public static let repairShare = MessageType(rawValue: 0x020D)
    /// Signer → coordinator: the signer activated a refresh's share; its identity key's
    /// signature over the activation digest (docs/key-ceremony.md § Share refresh).
    public static let ceremonyActivated = MessageType(rawValue: 0x020E)
    /// Coordinator → signer: every participant's activation signature: retire the old share;
    /// answered by `ceremonyComplete`.
    public static let ceremonyFinalize = MessageType(rawValue: 0x020F)
    /// Coordinator → signer: every participant's transcript signature of an agreed refresh, to
    /// activate its pending share from the signer's vault (after a restart, or a completion that
    /// never arrived); answered by `ceremonyActivated`.
    public static let ceremonyFinish = MessageType(rawValue: 0x0210)
    /// Governance, coordinator to signer: a governed policy change to verify and adopt.
    public static let policyChange = MessageType(rawValue: 0x0301)
    /// Governance, signer to coordinator: the policy version the signer now enforces.
    public static let policyAdopted = MessageType(rawValue: 0x0302)
    /// Governance, coordinator to signer: an officers' freeze or unfreeze to verify and record.
    public static let freeze = MessageType(rawValue: 0x0303)
    /// Governance, signer to coordinator: the freeze or unfreeze the signer recorded.
    public static let freezeRecorded = MessageType(rawValue: 0x0304)
    /// Signing, coordinator to signer: a request just received, shown so that the signer's
    /// time lock runs from now.
    public static let requestShown = MessageType(rawValue: 0x0305)
    /// Signing, signer to coordinator: the signer's first sight of the shown request.
    public static let requestSeen = MessageType(rawValue: 0x0306)

    /// The codes version 1 defines.
    public static let known: Set<MessageType> = [
        .refusal, .ping, .pong,
        .commitmentRequest, .commitments, .shareRequest, .share, .sessionAbandoned, .abandonAcknowledged,
        .ceremonyStart, .ceremonyRound1, .ceremonyRound1Echo, .ceremonyRound2, .ceremonyTranscript,
        .ceremonyComplete, .ceremonyAbort, .ceremonyAborted, .ceremonyRefreshStart, .repairStart, .repairDeltas,
        .repairSigma, .repairShare, .ceremonyActivated, .ceremonyFinalize, .ceremonyFinish,
        .policyChange, .policyAdopted, .freeze, .freezeRecorded, .requestShown, .requestSeen,
    ]

    /// True for the codes version 1 defines.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The code as four hex digits, `0x0104`.
    public var description: String {
        let digits = String(rawValue, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
