import Custody
import FROST
import FuzzSupport

/// The key ceremony's payload encodings (docs/protocol.md § Key ceremony payloads): the first
/// byte chooses the payload (value mod 12), the rest is decoded.
///
/// Properties: every decoder refuses or accepts without trapping, and refuses only with
/// `malformedMessage`; what it accepts re-encodes to exactly the input bytes (the encodings are
/// canonical); a batch holds 1 to 255 messages of one ceremony; an invitation's participants are
/// strictly ascending with a threshold from 2 to their number; an echo's entries are strictly
/// ascending; reasons are at most 1,024 bytes; a refresh invitation's key version is at least 2,
/// its threshold the key's, and every participant holds a share of the key; a repair invitation
/// has at least the threshold of helpers, not including the participant, and its delivery's
/// boxes are of its ceremony.
@main enum FuzzKeyCeremonyWire {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let payload = Array(bytes.dropFirst())
    do {
        switch selector % 12 {
        case 0:
            let invitation = try KeyCeremonyInvitation(decoding: payload)
            require(invitation.encoded() == payload, "invitation re-encodes differently")
            let identifiers = invitation.parameters.identifiers
            require(zip(identifiers, identifiers.dropFirst()).allSatisfy { $0 < $1 }, "participants out of order")
            require(
                (2...identifiers.count).contains(invitation.parameters.threshold), "threshold beyond the participants")
        case 1: try batch(payload, of: KeyCeremonyRound1.self)
        case 2:
            let echoes = try batch(payload, of: KeyCeremonyEcho.self)
            for echo in echoes {
                require(echo.packageHashes.values.allSatisfy { $0.count == 32 }, "an echo hash not 32 bytes")
            }
        case 3: try batch(payload, of: ShareBox.self)
        case 4: try batch(payload, of: KeyCeremonyTranscriptSignature.self)
        case 5:
            let completion = try KeyCeremonyCompletion(decoding: payload)
            require(completion.encoded() == payload, "completion re-encodes differently")
        case 6:
            let abort = try KeyCeremonyAbort(decoding: payload)
            require(abort.encoded() == payload, "abort re-encodes differently")
            require(abort.reason.utf8.count <= KeyCeremonyWire.maximumReasonLength, "abort reason too long")
        case 7:
            let report = try KeyCeremonyAbortReport(decoding: payload)
            require(report.encoded() == payload, "abort report re-encodes differently")
            require(report.error.reason.utf8.count <= KeyCeremonyWire.maximumReasonLength, "report reason too long")
        case 8:
            let package = try KeyCeremonyWire.decodePublicKeyPackage(payload)
            require(KeyCeremonyWire.encode(package) == payload, "public key package re-encodes differently")
        case 10:
            let repair = try ShareRepairInvitation(decoding: payload)
            require(repair.encoded() == payload, "repair invitation re-encodes differently")
            require(repair.helpers.count >= repair.publicKeyPackage.minSigners, "a repair with too few helpers")
            require(!repair.helpers.contains(repair.participant), "a participant helping repair its own share")
        case 11:
            let delivery = try ShareRepairDelivery(decoding: payload)
            require(delivery.encoded() == payload, "repair delivery re-encodes differently")
            require(
                delivery.sigmas.allSatisfy { $0.ceremonyID == delivery.repair.invitation.parameters.id },
                "a repair delivery with another ceremony's box")
        default:
            let refresh = try KeyCeremonyRefreshInvitation(decoding: payload)
            require(refresh.encoded() == payload, "refresh invitation re-encodes differently")
            require(refresh.refresh.keyVersion >= 2, "a refresh to key version 1")
            require(
                refresh.invitation.parameters.threshold == refresh.refresh.publicKeyPackage.minSigners,
                "a refresh that changes the threshold")
            require(
                refresh.invitation.parameters.identifiers.allSatisfy {
                    refresh.refresh.publicKeyPackage.verifyingShares[$0] != nil
                }, "a refresh participant without a share")
        }
    } catch {
        require(error.code == .malformedMessage, "a refusal other than malformed message: \(error)")
    }
}

@discardableResult
func batch<Message: KeyCeremonyWireMessage & Equatable>(_ payload: [UInt8], of type: Message.Type)
    throws(KeyCeremonyError) -> [Message]
{
    let messages = try KeyCeremonyWire.decodeBatch(payload, of: type)
    require((1...KeyCeremonyWire.maximumBatchCount).contains(messages.count), "a batch beyond the limits")
    require(KeyCeremonyWire.encode(batch: messages) == payload, "\(Message.wireName) batch re-encodes differently")
    require(Set(messages.map(\.ceremonyID)).count == 1, "a batch of several ceremonies")
    for message in messages {
        require(message.encoded().count < payload.count, "a message longer than its batch")
    }
    return messages
}
