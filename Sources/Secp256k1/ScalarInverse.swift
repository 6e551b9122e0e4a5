internal import CSecp256k1Vendored

extension Scalar {
    /// The multiplicative inverse in **variable time** (libsecp256k1's safegcd): for public
    /// values only (identifiers, Lagrange denominators). The inverse of 0 is 0. Secret values
    /// use the constant-time ``inverse``.
    public var inverseVariableTime: Scalar {
        var input = bigEndianBytes
        var output = [UInt8](repeating: 0, count: 32)
        let ok = custody_secp256k1_ext_scalar_inverse_var(&output, &input)
        precondition(ok == 1, "a scalar is always below n")
        return try! Scalar(bigEndian: output)
    }
}
