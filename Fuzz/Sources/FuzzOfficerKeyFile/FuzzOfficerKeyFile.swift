import FuzzSupport
import OfficerKeys
import Policy
import SecureMemory

/// An officer key file (docs/officer-keys.md), through `OfficerKeyFile.header(of:)` (what
/// `custody officer pubkey` reads) and `OfficerKeyFile.open(_:passphrase:)` (what `custody
/// approve` reads) with the passphrase of the seed files, `fuzz passphrase`.
///
/// Properties: no trap; the two agree on every file the header refuses; an accepted header
/// comes from a file of exactly its algorithm's length, with the public key at offset 53 and
/// scrypt parameters within the bounds; a file that opens holds the key its header names, and
/// a file that does not open fails as a wrong passphrase or an invalid key only; no reason ever
/// shows the passphrase.
@main enum FuzzOfficerKeyFile {
    static func main() { fuzz(test) }
}

let passphrase = SecretBytes(copying: Array("fuzz passphrase".utf8))

func test(_ bytes: [UInt8]) {
    let header: OfficerKeyFile.Header
    do throws(OfficerKeyError) {
        header = try OfficerKeyFile.header(of: bytes)
    } catch {
        require(!error.reason.contains("fuzz passphrase"), "a reason shows the passphrase")
        do throws(OfficerKeyError) {
            _ = try OfficerKeyFile.open(bytes, passphrase: passphrase)
            require(false, "a file whose header is refused opened")
        } catch let opened {
            require(opened.code == error.code, "open and header refuse differently: \(opened) / \(error)")
        }
        return
    }
    require(bytes.count == OfficerKeyFile.size(of: header.algorithm), "a header of the wrong length was accepted")
    require(
        Array(bytes[53..<(53 + header.publicKey.bytes.count)]) == header.publicKey.bytes,
        "the public key is not the file's bytes at offset 53")
    let parameters = header.parameters
    require(
        ScryptParameters.allowedLog2N.contains(parameters.log2N) && ScryptParameters.allowedR.contains(parameters.r)
            && ScryptParameters.allowedP.contains(parameters.p)
            && 128 * Int(parameters.r) * parameters.n <= ScryptParameters.maxMemoryBytes,
        "parameters out of bounds were accepted: \(parameters)")
    do throws(OfficerKeyError) {
        let key = try OfficerKeyFile.open(bytes, passphrase: passphrase)
        require(key.publicKey == header.publicKey, "the key opened is not the one the header names")
        require(!key.description.contains("fuzz passphrase"), "the key's description shows the passphrase")
    } catch {
        require(
            error.code == .wrongPassphrase || error.code == .invalidKey,
            "a file whose header was accepted failed to open with \(error.code)")
        require(!error.reason.contains("fuzz passphrase"), "a reason shows the passphrase")
    }
}
