import Foundation

/// Finds a key given twice in one object of a JSON document: Foundation's decoder keeps one of
/// the two silently, so a configuration could say two things and be read as one.
enum DuplicateKeys {
    private enum Frame {
        case object(path: String, keys: Set<String>, key: String?)
        case array(path: String, index: Int)

        /// The path of the value being read in this container.
        var elementPath: String {
            switch self {
            case .object(let path, _, let key): path.isEmpty ? (key ?? "") : path + "." + (key ?? "")
            case .array(let path, let index): path + "[\(index)]"
            }
        }
    }

    /// The JSON path (`signers[1].id`) of the first key that repeats an earlier key of its
    /// object, compared after unescaping; nil when there is none. `bytes` must be valid JSON.
    static func first(in bytes: [UInt8]) -> String? {
        var stack: [Frame] = []
        var expectingKey = false
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(path: stack.last?.elementPath ?? "", keys: [], key: nil))
                expectingKey = true
                position += 1
            case UInt8(ascii: "["):
                stack.append(.array(path: stack.last?.elementPath ?? "", index: 0))
                expectingKey = false
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                expectingKey = false
                position += 1
            case UInt8(ascii: ","):
                if case .array(let path, let index) = stack.last {
                    stack[stack.count - 1] = .array(path: path, index: index + 1)
                } else {
                    expectingKey = true
                }
                position += 1
            case UInt8(ascii: "\""):
                var end = position + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                if expectingKey, case .object(let path, var keys, _) = stack.last {
                    let raw = Data(bytes[position...min(end, bytes.count - 1)])
                    let key =
                        (try? JSONDecoder().decode(String.self, from: raw)) ?? String(decoding: raw, as: UTF8.self)
                    guard keys.insert(key).inserted else {
                        return Frame.object(path: path, keys: keys, key: key).elementPath
                    }
                    stack[stack.count - 1] = .object(path: path, keys: keys, key: key)
                    expectingKey = false
                }
                position = end + 1
            default:
                position += 1
            }
        }
        return nil
    }
}
