import AuditLog
import Testing

/// The lines of `custody audit tail`, byte for byte as docs/audit-format.md gives them.
@Suite struct TailLineTests {
    static func record(actor: String = "officer:alice", payload: [UInt8]) -> AuditRecord {
        AuditRecord(
            index: 7, time: 1_740_821_400_250_000, type: .approvalRecorded, actor: actor, payload: payload,
            previousHash: [UInt8](repeating: 0, count: 32))
    }

    @Test func aTextPayloadPrintsAsText() {
        #expect(
            TailLine.text(Self.record(payload: Array(#"{"ok":true}"#.utf8)))
                == #"7  2025-03-01T09:30:00.250Z  approval.recorded  officer:alice  {"ok":true}"#)
    }

    @Test func aPayloadThatIsNotSafeTextPrintsAsHex() {
        #expect(
            TailLine.text(Self.record(payload: [0xff, 0x00]))
                == "7  2025-03-01T09:30:00.250Z  approval.recorded  officer:alice  0xff00")
        #expect(TailLine.text(Self.record(payload: Array("a\nb".utf8))).hasSuffix("  0x610a62"))
    }

    @Test func aLongPayloadIsCutAt120Characters() {
        let line = TailLine.text(Self.record(payload: Array(String(repeating: "x", count: 121).utf8)))
        #expect(line.hasSuffix("  " + String(repeating: "x", count: 117) + "…"))
        let exactly = TailLine.text(Self.record(payload: Array(String(repeating: "x", count: 120).utf8)))
        #expect(exactly.hasSuffix("  " + String(repeating: "x", count: 120)))
    }

    @Test func theActorAndPayloadAreEscapedForTheTerminal() {
        let line = TailLine.text(Self.record(actor: "bob\u{202E}", payload: Array("a\\b".utf8)))
        #expect(line == "7  2025-03-01T09:30:00.250Z  approval.recorded  bob\\u{202E}  a\\\\b")
    }
}
