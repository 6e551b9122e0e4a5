import Foundation
import FuzzSupport
import Policy
import PolicyFixture

/// A history file (transfers, freezes, allowlist additions), decoded as `custody policy eval`
/// decodes it.
///
/// Properties: decoding never traps; a history that decodes survives JSON unchanged; deciding
/// the example request with it never traps, and does not depend on the order of its entries.
@main enum FuzzHistory {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let history = try? JSONDecoder().decode(History.self, from: Data(bytes)) else {
        return
    }
    guard let encoded = try? JSONEncoder().encode(history),
        let again = try? JSONDecoder().decode(History.self, from: encoded)
    else { fatalError("property violated: a decoded history does not encode and decode again") }
    require(again == history, "the history changes through JSON")
    let reversed = History(
        transfers: history.transfers.reversed(), freezes: history.freezes.reversed(),
        allowlistAdditions: history.allowlistAdditions.reversed())
    require(
        PolicyFixture.decide(history: history) == PolicyFixture.decide(history: reversed),
        "the order of history entries matters")
}
