import Synchronization
import Testing

@testable import SecureMemory

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

    #if DEBUG
        /// The buffer is observed after the wipe and before it is freed: every byte must be zero.
        @Test func memoryIsWipedOnRelease() {
            let observed = Mutex<[[UInt8]]>([])
            SecretBytes.setWipeObserver { buffer in observed.withLock { $0.append(Array(buffer)) } }
            defer { SecretBytes.setWipeObserver(nil) }
            do {
                let secret = SecretBytes(copying: [UInt8](repeating: 0xA5, count: 48))
                #expect(secret.withUnsafeBytes { $0.allSatisfy { $0 == 0xA5 } })
            }
            let buffers = observed.withLock { $0 }
            let ours = buffers.filter { $0.count == 48 }
            #expect(!ours.isEmpty)
            #expect(ours.allSatisfy { $0.allSatisfy { $0 == 0 } })
        }
    #endif

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
