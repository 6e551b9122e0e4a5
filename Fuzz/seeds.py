#!/usr/bin/env python3
"""Writes the committed seed corpus, Fuzz/Corpus/<target>/, from the repository's samples and
published vectors: the audit sample bundles and the checkpoint notes in them, the signed-note
vectors, the policies and policy examples, the FROST and BIP-340 vectors, and the key files of
the key-file tests. Each seed is named
after what it is. Run from anywhere: python3 Fuzz/seeds.py
"""
import calendar, hashlib, json, os, shutil, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "audit"))
import fuzz as F  # noqa: E402  (audit/fuzz.py)
import verify as V  # noqa: E402

CORPUS = os.path.join(ROOT, "Fuzz", "Corpus")


def read(*path):
    with open(os.path.join(ROOT, *path), "rb") as f:
        return f.read()


def seeds(target, items):
    folder = os.path.join(CORPUS, target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for name, data in items:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())


def notes(bundle):
    """The checkpoint notes of a bundle file."""
    return F.split_bundle(bundle)[2]


h = bytes.fromhex
samples = ["sample", "tampered", "truncated", "forked", "unverifiable"]
seeds("FuzzAuditBundle", [(name + ".bundle", read("audit", "sample", name + ".bundle")) for name in samples])

vectors = json.loads(read("Tests", "AuditLogTests", "Fixtures", "signed-note-vectors.json"))
sample_notes = notes(read("audit", "sample", "sample.bundle"))
note_vectors = ["signedByPeter", "signedByPeterAndEnoch", "c2spNote", "checkpointExample", "cosignatureExample"]
seeds(
    "FuzzSignedNote",
    [("sample-checkpoint-%d.note" % i, n) for i, n in enumerate(sample_notes[:2])]
    + [(name + ".note", vectors[name]) for name in note_vectors],
)
seeds(
    "FuzzCheckpoint",
    [("sample-checkpoint-%d.txt" % i, n.split(b"\n\n")[0] + b"\n") for i, n in enumerate(sample_notes[:2])]
    + [("checkpointExample.txt", vectors["checkpointExample"].split("\n\n")[0] + "\n")],
)
vkeys = read("audit", "sample", "keys.vkey").decode().split()
seeds(
    "FuzzVKey",
    [("sample-key-%d.vkey" % i, k) for i, k in enumerate(vkeys)]
    + [(name + ".vkey", vectors[name]) for name in ["peterVkey", "enochVkey", "c2spVkey"]],
)

seeds(
    "FuzzPolicyYAML",
    [("default.yaml", read("Policies", "default.yaml"))]
    + [(name, read("Policies", "examples", name)) for name in ["exchange.yaml", "fund.yaml"]],
)


def ed25519_sign(seed, message):
    """RFC 8032 Ed25519 signature with the 32-byte private key `seed`, on verify.py's arithmetic."""
    digest = hashlib.sha512(seed).digest()
    a = int.from_bytes(digest[:32], "little") & ((1 << 254) - 8) | (1 << 254)
    public = V._encode(V._mul(a, V.BASE))
    r = int.from_bytes(hashlib.sha512(digest[32:] + message).digest(), "little") % V.L
    big_r = V._encode(V._mul(r, V.BASE))
    k = int.from_bytes(hashlib.sha512(big_r + public + message).digest(), "little") % V.L
    return big_r + ((r + k * a) % V.L).to_bytes(32, "little")


def request_digest(request):
    """PolicyRequest.digest: SHA-256 of the canonical bytes docs/policy.md defines."""
    out = b"custody.request.v1\x00"

    def string(text):
        return len(text.encode()).to_bytes(4, "big") + text.encode()

    def optional(value, write):
        return b"\x00" if value is None else b"\x01" + write(value)

    def integer(value):
        return value.to_bytes(8, "big", signed=True)

    destination = request.get("destination", {})
    out += string(request["kind"]) + string(request["id"])
    out += optional(request.get("wallet"), string) + optional(request.get("amount"), integer)
    out += optional(destination.get("address"), string) + optional(destination.get("wallet"), string)
    out += string(request["initiator"])
    out += integer(calendar.timegm(time.strptime(request["createdAt"], "%Y-%m-%dT%H:%M:%SZ")))
    out += optional(request.get("allowlist"), string) + optional(request.get("address"), string)
    out += optional(request.get("label"), string) + optional(request.get("newPolicy"), bytes.fromhex)
    payload = request.get("payload")
    if payload is not None:
        out += b"\x01" + {"digest": b"\x01", "psbt": b"\x02"}[payload["kind"]] + bytes.fromhex(payload["hash"])
    return hashlib.sha256(out).digest()


def signed_request(request):
    """A request file, `{"request": ..., "signature": ...}`, signed by its initiator's example key
    (Ed25519, private key SHA-256 of `custody-example:<id>`, Policies/README.md)."""
    seed = hashlib.sha256(b"custody-example:" + request["initiator"].encode()).digest()
    signature = ed25519_sign(seed, b"custody.initiation.v1\x00" + request_digest(request))
    return json.dumps({"request": request, "signature": signature.hex()}, indent=2, sort_keys=True) + "\n"


example = json.loads(read("Policies", "examples", "request.json"))
if signed_request(example["request"]) != json.dumps(example, indent=2, sort_keys=True) + "\n":
    sys.exit("seeds.py: the request signature differs from Policies/examples/request.json")
# One request of each kind, as Policies/README.md describes them, for the example policy, each
# signed by its initiator (a service or an officer with an Ed25519 key).
at = "2025-03-03T10:00:00Z"
requests = {
    "rebalance": {"id": "rb-1", "kind": "rebalance", "wallet": "btc-hot", "amount": 5000000,
                  "destination": {"wallet": "btc-cold"}, "initiator": "rebalancer", "createdAt": at},
    "allowlist-addition": {"id": "al-1", "kind": "allowlist-addition", "allowlist": "partner-exchanges",
                           "address": "bc1qpartnerc", "label": "Partner C", "initiator": "alice", "createdAt": at},
    "policy-change": {"id": "pc-1", "kind": "policy-change", "newPolicy": "ab" * 32, "initiator": "alice",
                      "createdAt": at},
    "transfer-payload": {"id": "wd-2", "kind": "transfer", "wallet": "btc-hot", "amount": 150000000,
                         "destination": {"address": "bc1qcustomer"}, "initiator": "withdrawal-engine",
                         "createdAt": at, "payload": {"kind": "psbt", "hash": hashlib.sha256(b"psbt").hexdigest()}},
    "freeze": {"id": "fz-1", "kind": "freeze", "initiator": "frank", "createdAt": at},
    "unfreeze": {"id": "uf-1", "kind": "unfreeze", "initiator": "alice", "createdAt": at},
}
seeds(
    "FuzzPolicyRequest",
    [("request.json", read("Policies", "examples", "request.json"))]
    + [(kind + ".json", signed_request(request)) for kind, request in requests.items()],
)
seeds("FuzzApproval", [("approvals.json", read("Policies", "examples", "approvals.json"))])
seeds(
    "FuzzHistory",
    [
        ("history.json", read("Policies", "examples", "history.json")),
        ("freezes.json", '{"freezes": [{"kind": "freeze", "at": "2025-03-03T09:00:00Z"}, '
         '{"kind": "unfreeze", "at": "2025-03-03T09:30:00Z"}]}'),
    ],
)

frost = json.loads(read("Tests", "FROSTTests", "Fixtures", "frost-vectors.json"))
key_packages = []
for d in frost["dkg"]:
    threshold = d["minSigners"].to_bytes(2, "big")
    group = h(d["verifyingKey"])
    public = b"\x01" + group + threshold
    for p in d["participants"]:
        identifier = p["identifier"].to_bytes(32, "big")
        key_packages.append(
            ("%s-key-package-%d" % (d["suite"], p["identifier"]),
             b"\x00" + identifier + h(p["signingShare"]) + h(p["verifyingShare"]) + group + threshold))
        public += identifier + h(p["verifyingShare"])
    key_packages.append(("%s-public-key-package" % d["suite"], public))
seeds("FuzzKeyPackages", key_packages)

# The key files as `custody frost keygen` wrote them (Tests/FROSTKeyFilesTests/Fixtures): each
# input goes to both file decoders.
key_file_fixtures = os.path.join(ROOT, "Tests", "FROSTKeyFilesTests", "Fixtures")
seeds(
    "FuzzKeyFiles",
    [
        ("%s-%s" % (directory, name), read("Tests", "FROSTKeyFilesTests", "Fixtures", directory, name))
        for directory in sorted(os.listdir(key_file_fixtures))
        for name in sorted(os.listdir(os.path.join(key_file_fixtures, directory)))
        if name in ("group.json", "signer-1.json", "signer-10.json")
    ],
)

signing = frost["signing"][0]
taproot = next(s for s in frost["signing"] if s["suite"] == "secp256k1-tr")
signer = signing["signers"][0]
identifier = signer["identifier"].to_bytes(32, "big")
dkg = frost["dkg"][0]
round1 = b""
for p in dkg["participants"][1:]:
    round1 += bytes([len(p["commitment"])]) + b"".join(h(c) for c in p["commitment"]) + h(p["proofOfKnowledge"])
bip340 = json.loads(read("Tests", "Secp256k1Tests", "Fixtures", "bip340-vectors.json"))["vectors"][0]
seeds(
    "FuzzFROSTWire",
    [
        ("0-scalar", b"\x00" + h(signing["groupSecretKey"])),
        ("1-point", b"\x01" + h(signing["groupPublicKey"])),
        ("2-identifier", b"\x02" + identifier),
        ("3-signature-secp256k1", b"\x03" + h(signing["signature"])),
        ("4-signature-secp256k1-tr", b"\x04" + h(taproot["signature"])),
        ("4-signature-bip340", b"\x04" + h(bip340["signature"])),
        ("5-commitments",
         b"\x05" + b"".join(s["identifier"].to_bytes(32, "big") + h(s["hidingCommitment"]) + h(s["bindingCommitment"])
                            for s in signing["signers"]) + h(signing["message"])),
        ("6-signature-share", b"\x06" + identifier + h(signer["signatureShare"])),
        ("7-dkg-round1", b"\x07" + round1),
    ],
)

bitcoin = os.path.join("Tests", "BitcoinTests", "Fixtures")
psbts = json.loads(read(bitcoin, "psbt-vectors.json"))["cases"]
seeds(
    "FuzzPSBT",
    [
        ("%s-%s.psbt" % ("valid" if c["valid"] else "invalid", c["source"].replace(" ", "-").lower()), h(c["hex"]))
        for c in psbts
    ],
)
bech32 = json.loads(read(bitcoin, "bech32-vectors.json"))
seeds(
    "FuzzAddress",
    [("address-%d" % i, a["address"]) for i, a in enumerate(bech32["validAddresses"] + bech32["networkAddresses"])]
    + [("string-%d" % i, s.get("text") or h(s["hex"])) for i, s in enumerate(bech32["validStrings"])],
)
transactions = json.loads(read(bitcoin, "transaction-vectors.json"))["transactions"]
seeds("FuzzTransaction", [("transaction-%d" % i, h(t["hex"])) for i, t in enumerate(transactions[:20])])

def envelope_signed_bytes(sender, recipient, session, sequence, expiry, kind, payload):
    """The signed bytes of a version-1 peer envelope (docs/protocol.md)."""
    return (b"custody-envelope" + b"\x01" + bytes([len(sender)]) + sender + bytes([len(recipient)]) + recipient
            + session + sequence.to_bytes(8, "big") + expiry.to_bytes(8, "big") + kind.to_bytes(2, "big")
            + len(payload).to_bytes(4, "big") + payload)


# FuzzEnvelope: 0x00 ‖ an envelope as received, or 0x01 ‖ signed bytes the target signs with its
# fixed sender key ("signer-1" to "coordinator"; the target's clock reads 1,800,000,000).
session = bytes(range(16))
share = envelope_signed_bytes(b"signer-1", b"coordinator", session, 1, 1_800_000_060, 0x0104, b"share")
seeds(
    "FuzzEnvelope",
    [
        ("0-unsigned-share", b"\x00" + share + bytes(64)),
        ("0-empty-payload", b"\x00" + envelope_signed_bytes(b"a", b"b", session, 0, 0, 0x0001, b"") + bytes(64)),
        ("1-share", b"\x01" + share),
        ("1-commitments", b"\x01" + envelope_signed_bytes(
            b"signer-1", b"coordinator", session, 7, 1_800_000_000, 0x0102, bytes(range(66)))),
        ("1-expired", b"\x01" + envelope_signed_bytes(
            b"signer-1", b"coordinator", session, 2, 1_799_999_969, 0x0104, b"late")),
        ("1-other-recipient", b"\x01" + envelope_signed_bytes(
            b"signer-1", b"signer-2", session, 3, 1_800_000_060, 0x0204, b"encrypted share")),
    ],
)


# FuzzKeyCeremonyWire: a selector byte (mod 12) ‖ a key ceremony payload (docs/protocol.md § Key
# ceremony payloads), on small multiples of the secp256k1 generator.
P = 2**256 - 2**32 - 977
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
     0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)


def ec_add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % P == 0:
        return None
    if a == b:
        slope = 3 * a[0] * a[0] * pow(2 * a[1], -1, P) % P
    else:
        slope = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (slope * slope - a[0] - b[0]) % P
    return x, (slope * (a[0] - x) - a[1]) % P


def ec_mul(k):
    result, addend = None, G
    while k:
        if k & 1:
            result = ec_add(result, addend)
        addend = ec_add(addend, addend)
        k >>= 1
    return result


def compressed(k):
    x, y = ec_mul(k)
    return bytes([2 + (y & 1)]) + x.to_bytes(32, "big")


def uncompressed(k):
    x, y = ec_mul(k)
    return b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")


def ident(n):
    return n.to_bytes(32, "big")


ceremony = bytes([16]) + bytes(range(16))
invitation = ceremony + bytes([8]) + b"treasury" + bytes([2, 2, 3]) + b"".join(
    ident(n) + b"\x01" + uncompressed(n) + bytes([8]) + b"signer-%d" % n for n in (1, 2, 3))
round1 = ceremony + ident(1) + bytes([2]) + compressed(1) + compressed(2) + compressed(3) + (4).to_bytes(32, "big")
echo = ceremony + ident(1) + bytes([3]) + b"".join(ident(n) + bytes([n]) * 32 for n in (1, 2, 3))
box = b"\x01" + ceremony + ident(2) + ident(1) + bytes([9]) * 12 + bytes([32]) + bytes([7]) * 32 + bytes([8]) * 16
signature = ceremony + ident(2) + bytes([5]) * 32 + bytes([6]) * 64
package = bytes([2, 3]) + compressed(9) + b"".join(ident(n) + compressed(n) for n in (1, 2, 3))
# A repair of participant 2's share by 1 and 3: the ceremony id is a salt and the binding.
salt = bytes(range(32, 48))
repair_participants = b"".join(
    ident(n) + b"\x01" + uncompressed(n) + bytes([8]) + b"signer-%d" % n for n in (1, 2, 3))
binding = hashlib.sha256(
    b"custody.share-repair.v1" + salt + (1).to_bytes(4, "big") + ident(2) + package
    + (8).to_bytes(2, "big") + b"treasury" + bytes([2, 2]) + repair_participants).digest()
repair_id = bytes([48]) + salt + binding
repair = ((1).to_bytes(4, "big") + ident(2) + len(package).to_bytes(2, "big") + package
          + repair_id + bytes([8]) + b"treasury" + bytes([2, 2, 3]) + repair_participants)
sigma = b"\x04" + repair_id + ident(1) + ident(2) + bytes([9]) * 12 + bytes([32]) + bytes([7]) * 32 + bytes([8]) * 16
seeds(
    "FuzzKeyCeremonyWire",
    [
        ("0-invitation", b"\x00" + invitation),
        ("1-round1", b"\x01" + bytes([2]) + round1 + round1),
        ("2-echo", b"\x02" + bytes([1]) + echo),
        ("3-share-boxes", b"\x03" + bytes([1]) + box),
        ("4-transcript-signature", b"\x04" + bytes([1]) + signature),
        ("5-completion", b"\x05" + ceremony + ident(1) + bytes([3]) * 32 + compressed(7)),
        ("6-abort", b"\x06" + ceremony + (5).to_bytes(2, "big") + b"stale"),
        ("7-abort-report", b"\x07" + ceremony + bytes([19]) + b"undecryptable share" + bytes([1]) + ident(3)
         + (4).to_bytes(2, "big") + b"tag!"),
        ("8-public-key-package", b"\x08" + package),
        ("10-repair-invitation", b"\x0a" + repair),
        ("11-repair-delivery", b"\x0b" + len(repair).to_bytes(4, "big") + repair + bytes([1]) + sigma),
        ("9-refresh-invitation", b"\x09" + (2).to_bytes(4, "big") + len(package).to_bytes(2, "big") + package
         + invitation),
    ],
)


def canonical(value):
    """JSONWriter.canonical for ASCII values: no whitespace, keys sorted."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode()


def field(data):
    return len(data).to_bytes(4, "big") + data


# FuzzPolicyAdoptionWire: an even byte ‖ a policyChange payload, or an odd byte ‖ a policyAdopted
# answer (docs/protocol.md § Governance payloads). The change is the example policy-change
# request above, the approvals the example approvals, the file the default policy.
change = json.loads(signed_request(requests["policy-change"]))
approvals = json.loads(read("Policies", "examples", "approvals.json"))
activation = (1_772_822_400).to_bytes(8, "big")
policy_change = h("ab" * 32) + activation + field(read("Policies", "default.yaml")) + field(canonical(change))
seeds(
    "FuzzPolicyAdoptionWire",
    [
        ("0-policy-change", b"\x00" + policy_change + field(canonical(approvals))),
        ("0-policy-change-no-approvals", b"\x00" + policy_change + field(b"[]")),
        ("1-policy-adopted", b"\x01" + h("ab" * 32) + activation + (2).to_bytes(4, "big")),
    ],
)
