public import FROST

/// An event that a key ceremony refuses, or the reason a ceremony was aborted.
///
/// `code` says what kind of problem it was; `reason` says exactly what was wrong, for a person;
/// `culprits` names the participants at fault, where that is known. No field ever holds secret
/// material (no share, no shared secret, no key). A refused event changes nothing in the machine
/// that refused it; an abort is returned as an action, never thrown. Every code and when it
/// arises: docs/key-ceremony.md.
public struct KeyCeremonyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error. New codes may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidParameters = "invalid parameters"
            case notStarted = "not started"
            case alreadyStarted = "already started"
            case ceremonyFinished = "ceremony finished"
            case wrongCeremony = "wrong ceremony"
            case unknownParticipant = "unknown participant"
            case misattributed = "misattributed"
            case misdirected = "misdirected"
            case duplicateMessage = "duplicate message"
            case unexpectedMessage = "unexpected message"
            case malformedMessage = "malformed message"
            case invalidRound1Package = "invalid round-one package"
            case invalidProofOfKnowledge = "invalid proof of knowledge"
            case equivocation = "equivocation"
            case undecryptableShare = "undecryptable share"
            case invalidShare = "invalid share"
            case transcriptMismatch = "transcript mismatch"
            case invalidTranscriptSignature = "invalid transcript signature"
            case abandoned = "abandoned"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A ceremony id, wallet, threshold, participant list or channel secret that cannot make a
        /// ceremony.
        public static let invalidParameters = Code(.invalidParameters)
        /// An event for a ceremony that has not been started.
        public static let notStarted = Code(.notStarted)
        /// A second start.
        public static let alreadyStarted = Code(.alreadyStarted)
        /// An event after the ceremony completed or was aborted.
        public static let ceremonyFinished = Code(.ceremonyFinished)
        /// A message for another ceremony (a replay from an earlier one, or a mix-up).
        public static let wrongCeremony = Code(.wrongCeremony)
        /// A message from someone who is not a participant of the ceremony, or from the
        /// participant itself.
        public static let unknownParticipant = Code(.unknownParticipant)
        /// A message whose sender field is not the participant who sent it.
        public static let misattributed = Code(.misattributed)
        /// An encrypted share addressed to another participant than the one it was delivered to.
        public static let misdirected = Code(.misdirected)
        /// A second message of the same kind from the same participant (the first stands).
        public static let duplicateMessage = Code(.duplicateMessage)
        /// A message the ceremony is not at the step to take.
        public static let unexpectedMessage = Code(.unexpectedMessage)
        /// A message whose content does not have the shape its kind requires (an echo that does
        /// not cover every participant, a share batch that is not one box per other participant).
        public static let malformedMessage = Code(.malformedMessage)
        /// Aborted: the round-one packages of `culprits` have the wrong number of commitments or
        /// commit to the identity.
        public static let invalidRound1Package = Code(.invalidRound1Package)
        /// Aborted: the proofs of knowledge of `culprits` do not verify for this ceremony.
        public static let invalidProofOfKnowledge = Code(.invalidProofOfKnowledge)
        /// Aborted: the participants did not all receive the same round-one packages; `culprits`
        /// are the senders whose packages were seen differently, and the reason says who saw what.
        public static let equivocation = Code(.equivocation)
        /// Aborted: the encrypted share sent by `culprits` does not authenticate (altered, or not
        /// made for this ceremony, sender, recipient and direction).
        public static let undecryptableShare = Code(.undecryptableShare)
        /// Aborted: the shares sent by `culprits` do not match their round-one commitments.
        public static let invalidShare = Code(.invalidShare)
        /// Aborted: `culprits` signed another transcript hash than this participant's.
        public static let transcriptMismatch = Code(.transcriptMismatch)
        /// Aborted: the transcript signatures of `culprits` do not verify under their identity
        /// keys.
        public static let invalidTranscriptSignature = Code(.invalidTranscriptSignature)
        /// Aborted by the driver: a deadline passed, the operator gave up, the share could not
        /// be recorded, or another participant aborted.
        public static let abandoned = Code(.abandoned)

        public var description: String { kind.rawValue }
    }

    /// The kind of error.
    public let code: Code
    /// What was wrong.
    public let reason: String
    /// The participants at fault, in ascending order, when known.
    public let culprits: [Identifier]

    public init(_ code: Code, _ reason: String, culprits: [Identifier] = []) {
        self.code = code
        self.reason = reason
        self.culprits = culprits.sorted()
    }

    public var description: String { "\(code): \(reason)" }
}
