import Testing

@testable import Bitcoin

/// Bitcoin Core's PSBT test data: the BIP vectors again, plus Core's own Taproot, version 2
/// and MuSig2 cases.
@Suite struct CorePSBTVectorTests {
    @Test func everyValidCorePSBTParsesAndSerializesByteForByte() throws {
        #expect(CorePSBTVectors.shared.valid.count == 48)
        for base64 in CorePSBTVectors.shared.valid {
            #expect(try PSBT(base64: base64).base64 == base64)
        }
    }

    @Test func everyInvalidCorePSBTIsRefused() {
        let vectors = CorePSBTVectors.shared
        #expect(vectors.invalid.count == 63)
        for base64 in vectors.invalid {
            #expect(throws: BitcoinError.self) { try PSBT(base64: base64) }
        }
        for vector in vectors.invalidWithMessage {
            #expect(throws: BitcoinError.self, "\(vector.error)") { try PSBT(base64: vector.psbt) }
        }
    }

    /// MuSig2 fields (BIP-373) are unknown to this module: kept as they came, not checked, so
    /// Core's cases of malformed MuSig2 fields parse; Custody signs with FROST, never MuSig2.
    @Test func malformedMuSig2FieldsAreKeptAsUnknownEntries() throws {
        for vector in CorePSBTVectors.shared.bip373InvalidWithMessage {
            #expect(try PSBT(base64: vector.psbt).base64 == vector.psbt, "\(vector.error)")
        }
    }
}
