import AuditLog
import Foundation
import Testing

/// Signed notes, vkeys and checkpoints against golang.org/x/mod and C2SP examples.
@Suite struct SignedNoteTests {
    let vectors = Fixtures.notes

    @Test func parsesAndVerifiesPublishedNotes() throws {
        let peter = try NoteVerifierKey(vkey: vectors.peterVkey)
        let enoch = try NoteVerifierKey(vkey: vectors.enochVkey)
        #expect(peter.name == "PeterNeumann" && peter.keyID == 0xc74f_20a3)
        #expect(peter.vkey == vectors.peterVkey)
        let one = try SignedNote(parsing: vectors.signedByPeter)
        #expect(one.isSigned(by: peter) && !one.isSigned(by: enoch))
        #expect(one.serialized == vectors.signedByPeter)
        let two = try SignedNote(parsing: vectors.signedByPeterAndEnoch)
        #expect(two.isSigned(by: peter) && two.isSigned(by: enoch))
        #expect(two.serialized == vectors.signedByPeterAndEnoch)
        let c2sp = try SignedNote(parsing: vectors.c2spNote)
        #expect(c2sp.isSigned(by: try NoteVerifierKey(vkey: vectors.c2spVkey)))
    }

    /// Ed25519 is deterministic: re-signing with the published test key gives the same note.
    @Test func resigningWithTestKeyReproducesNote() throws {
        let signer = try DevelopmentNoteSigner(skey: vectors.peterSkey)
        #expect(signer.verifierKey.vkey == vectors.peterVkey)
        #expect(signer.skey == vectors.peterSkey)
        let note = try SignedNote(parsing: vectors.signedByPeter)
        #expect(try SignedNote.sign(text: note.text, with: [signer]).serialized == vectors.signedByPeter)
    }

    @Test func tamperedNotesFail() throws {
        let peter = try NoteVerifierKey(vkey: vectors.peterVkey)
        let changed = vectors.signedByPeter.replacingOccurrences(of: "problem", with: "Problem")
        #expect(try !SignedNote(parsing: changed).isSigned(by: peter))
        for bad in ["", "no signatures\n", "text\n\n", "text\n\n— PeterNeumann !!!\n", "text\n\n— Peter x08g\n"] {
            #expect(throws: AuditError.self) { try SignedNote(parsing: bad) }
        }
        for bad in ["PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "a+b", "x+00000000+"] {
            #expect(throws: AuditError.self) { try NoteVerifierKey(vkey: bad) }
        }
    }

    @Test func checkpointExamplesParse() throws {
        let note = try SignedNote(parsing: vectors.checkpointExample)
        let checkpoint = try Checkpoint(text: note.text)
        #expect(checkpoint.origin == "example.com/behind-the-sofa" && checkpoint.size == 20_852_163)
        #expect(checkpoint.text == note.text)
        #expect(try SignedNote(parsing: vectors.cosignatureExample).signatures.count == 2)
        for bad in [
            "o\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "o\n1\nAAAA\n",
            "\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        ] {
            #expect(throws: AuditError.self) { try Checkpoint(text: bad) }
        }
    }
}

/// The development signer's seed never shows in its description or reflection.
@Suite struct DevelopmentNoteSignerRedactionTests {
    @Test func theSeedIsRedactedEverywhere() throws {
        let seed = Array(repeating: UInt8(0xA7), count: 32)
        let signer = try DevelopmentNoteSigner(name: "redaction.test/k", seed: seed)
        var dumped = ""
        dump(signer, to: &dumped)
        let reflected = String(reflecting: signer) + "\(signer)" + dumped
        let seedHex = String(repeating: "a7", count: 32)
        let seedBase64 = Data(seed).base64EncodedString()
        #expect(!reflected.lowercased().contains(seedHex))
        #expect(!reflected.contains(seedBase64.prefix(20)))
        #expect(!reflected.contains("167, 167"), "the bytes as an array")
        #expect(!reflected.contains("167\n"), "the bytes as dump prints them")
        #expect(reflected.contains("redacted"))
        #expect(Mirror(reflecting: signer).children.count == 2)
    }
}
