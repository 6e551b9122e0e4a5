import FuzzSupport
import Policy
import PolicyFixture

/// A history file (transfers, freezes, allowlist additions, executed requests), read as
/// `custody policy eval` reads it (`PolicyInputDecoder.history(json:)`).
///
/// Properties: reading never traps; a history that reads is written by `PolicyInputEncoder` to
/// canonical JSON that reads back unchanged; deciding the example request with it never traps,
/// and does not depend on the order of its entries.
@main enum FuzzHistory {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let history = try? PolicyInputDecoder.history(json: bytes) else { return }
    _ = PolicyFixture.requireRoundTrip(
        history, PolicyInputEncoder.history, PolicyInputDecoder.history(json:), "a history")
    let reversed = History(
        transfers: history.transfers.reversed(), freezes: history.freezes.reversed(),
        allowlistAdditions: history.allowlistAdditions.reversed(), executed: history.executed.reversed())
    require(
        PolicyFixture.decide(history: history) == PolicyFixture.decide(history: reversed),
        "the order of history entries matters")
}
