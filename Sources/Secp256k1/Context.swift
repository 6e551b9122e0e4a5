internal import CSecp256k1Vendored

/// The process-wide libsecp256k1 context.
///
/// `@unchecked Sendable`: libsecp256k1 documents that a context may be used concurrently by
/// every API call that takes it as `const`; the only mutating call, the side-channel blinding
/// `custody_secp256k1_context_randomize`, runs once here, before the context is shared.
final class Secp256k1Context: @unchecked Sendable {
    static let shared = Secp256k1Context()

    let pointer: OpaquePointer

    private init() {
        pointer = custody_secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        var seed = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in seed.indices { seed[index] = generator.next() }
        let blinded = custody_secp256k1_context_randomize(pointer, seed)
        precondition(blinded == 1, "libsecp256k1 refused to blind its context")
    }

    deinit { custody_secp256k1_context_destroy(pointer) }
}
