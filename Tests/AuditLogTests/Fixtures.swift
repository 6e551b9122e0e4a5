import Encoding
import Foundation

/// The fixture files of this test target (see Fixtures/README.md).
enum Fixtures {
    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "json")!
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    struct Merkle: Decodable {
        struct Inclusion: Decodable {
            let name: String?
            let index, size: UInt64
            let leafHash, root: String
            let proof: [String]
            let wantErr: Bool?
        }
        struct Consistency: Decodable {
            let name: String?
            let size1, size2: UInt64
            let root1, root2: String
            let proof: [String]
            let wantErr: Bool?
        }
        let tree8Leaves, tree8Roots, sumdbLeafRoots: [String]
        let hasher: [String: String]
        let tree8Inclusion, probeInclusion: [Inclusion]
        let tree8Consistency, probeConsistency: [Consistency]
    }

    struct Notes: Decodable {
        let peterVkey, peterSkey, enochVkey, signedByPeter, signedByPeterAndEnoch: String
        let c2spVkey, c2spNote, checkpointExample, cosignatureExample: String
    }

    static let merkle = try! load("merkle-vectors", as: Merkle.self)
    static let notes = try! load("signed-note-vectors", as: Notes.self)
}

func hex(_ string: String) -> [UInt8] { try! Hex.decode(string) }

func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }
