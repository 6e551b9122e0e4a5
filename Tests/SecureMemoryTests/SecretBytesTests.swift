@_spi(Testing) import SecureMemory
import Synchronization
import Testing

@Suite(.serialized) struct SecretBytesTests {
    @Test func comparesContentsAndRedactsDescriptions() {
        let a = SecretBytes(copying: [1, 2, 3, 4])
        let b = SecretBytes(copying: [1, 2, 3, 4])
        let c = SecretBytes(copying: [1, 2, 3, 5])
        #expect(a == b)
        #expect(a != c)
        #expect(a != SecretBytes(copying: [1, 2, 3]))
        #expect(String(describing: a) == "SecretBytes(4 bytes, redacted)")
        #expect(String(reflecting: a) == "SecretBytes(4 bytes, redacted)")
        #expect(!"\(a)".contains("1, 2, 3"))
        var dumped = ""
        dump(a, to: &dumped)
        #expect(!dumped.contains("1, 2"))
    }

    @Test func throwingInitialiserRethrows() {
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            _ = try SecretBytes(count: 8) { _ throws(Refused) in throw Refused() }
        }
    }

    /// Runs in every build configuration (the observer is not a debug-only hook). The buffer is
    /// observed after the wipe and before it is freed: it must be the very memory that held the
    /// secret (same address, same length), observed once, and every byte must be zero.
    @Test func memoryIsWipedOnRelease() {
        struct Observed: Sendable {
            let address: UInt
            let bytes: [UInt8]
        }
        let observed = Mutex<[Observed]>([])
        SecretBytes.setWipeObserver { buffer in
            observed.withLock {
                $0.append(Observed(address: UInt(bitPattern: buffer.baseAddress), bytes: Array(buffer)))
            }
        }
        defer { SecretBytes.setWipeObserver(nil) }
        let count = 4099  // No other test makes a secret of this length.
        var address: UInt = 0
        do {
            let secret = SecretBytes(copying: [UInt8](repeating: 0xA5, count: count))
            #expect(secret.withUnsafeBytes { $0.allSatisfy { $0 == 0xA5 } })
            address = secret.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
        }
        let ours = observed.withLock { $0 }.filter { $0.address == address && $0.bytes.count == count }
        #expect(ours.count == 1, "the release of the secret was observed once")
        #expect(ours.allSatisfy { $0.bytes.allSatisfy { $0 == 0 } })
        #expect(address != 0)
    }

    @Test func constantTimeHelpers() {
        #expect(ConstantTime.isZero(0) == 1)
        #expect(ConstantTime.isZero(1) == 0)
        #expect(ConstantTime.isZero(.max) == 0)
        #expect(ConstantTime.mask(1) == .max)
        #expect(ConstantTime.mask(0) == 0)
        var bytes: [UInt8] = [9, 9, 9]
        Wipe.bytes(&bytes)
        #expect(bytes == [0, 0, 0])
    }
}
