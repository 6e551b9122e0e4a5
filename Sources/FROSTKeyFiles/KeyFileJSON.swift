import Encoding
import Foundation

/// The JSON layer both key files share: the nesting guard, Foundation's decoder with its
/// errors turned into the documented reasons, and Custody's document encoder.
enum KeyFileJSON {
    /// Decodes `bytes` as `type`; ``check(_:maxBytes:)`` has passed.
    static func decode<Document: Decodable>(
        _ type: Document.Type, from bytes: UnsafeRawBufferPointer
    ) throws(KeyFileError) -> Document {
        guard let base = bytes.baseAddress, bytes.count > 0 else { throw KeyFileError("not valid JSON") }
        // Read in place: the decoder sees the caller's buffer, whose owner wipes it.
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw KeyFileError("missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            guard !context.codingPath.isEmpty else { throw KeyFileError("not a JSON object") }
            throw KeyFileError("wrong type at \(path(context.codingPath))")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw KeyFileError("invalid value at \(path(context.codingPath))")
        } catch {
            throw KeyFileError("not valid JSON")
        }
    }

    /// Refuses input longer than `maxBytes` or nested deeper than `JSONNesting.maxDepth`, before
    /// anything else reads it.
    static func check(_ bytes: UnsafeRawBufferPointer, maxBytes: Int) throws(KeyFileError) {
        guard bytes.count <= maxBytes else {
            throw KeyFileError("\(bytes.count) bytes, more than the limit of \(maxBytes)")
        }
        do {
            try JSONNesting.check(bytes)
        } catch {
            throw KeyFileError(error.description)
        }
    }

    /// The document's bytes: `DocumentJSON`'s pretty layout and a final newline.
    static func encode(_ document: some Encodable) throws(KeyFileError) -> Data {
        do {
            var data = try DocumentJSON.data(document)
            data.append(0x0a)
            return data
        } catch {
            throw KeyFileError("cannot encode the file: \(error)")
        }
    }

    /// A value from the file, for an error message: quoted, at most 40 characters, every
    /// character outside printable ASCII escaped, so that no file can write to the terminal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            guard count < 40 else {
                out += "…"
                break
            }
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x20...0x7E: out.unicodeScalars.append(scalar)
            default: out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out + "\""
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map(\.stringValue).joined(separator: ".")
    }
}
