import Bitcoin
import FuzzSupport

/// A raw transaction, with and without witnesses allowed: one that parses serializes to the
/// input byte for byte, and its txid is the wtxid when it has no witness.
@main enum FuzzTransaction {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    if let transaction = try? Transaction(parsing: bytes) {
        require(transaction.serialized() == bytes, "a parsed transaction does not serialize to its input")
        require(
            transaction.hasWitness || transaction.txid == transaction.wtxid, "txid and wtxid differ without witness")
    }
    if let transaction = try? Transaction(parsing: bytes, allowingWitness: false) {
        require(!transaction.hasWitness, "a witness was read with witnesses disallowed")
        require(
            transaction.serialized(includingWitness: false) == bytes,
            "a parsed transaction (no witness) does not serialize to its input")
    }
}
