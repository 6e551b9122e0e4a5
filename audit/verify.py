#!/usr/bin/env python3
"""Independent verifier of Custody audit bundles, in Python's standard library alone.

Usage: python3 verify.py [--json] [--trusted-key VKEY] BUNDLE [BUNDLE ...]

Implements docs/audit-format.md from scratch (it shares no code with the Swift verifier):
hash chain, RFC 9162 Merkle tree, C2SP signed-note checkpoints with Ed25519 (RFC 8032,
written out below), key history, and the verdict. Exit codes: 0 OK, 10 TAMPERED,
11 TRUNCATED, 12 FORKED, 13 UNVERIFIABLE, 1 unreadable bundle (the highest over all files).
"""
import base64, functools, hashlib, json, struct, sys

# --- Ed25519 verification (RFC 8032 §5.1.7, cofactorless like BoringSSL and Go) -------------
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    A, B = (y1 - x1) * (y2 - x2) % P, (y1 + x1) * (y2 + x2) % P
    C, Dd = 2 * t1 * t2 * D % P, 2 * z1 * z2 % P
    E, F, G, H = B - A, Dd - C, Dd + C, B + A
    return (E * F % P, G * H % P, F * G % P, E * H % P)


def _mul(s, pt):
    q = (0, 1, 1, 0)
    while s:
        if s & 1:
            q = _add(q, pt)
        pt, s = _add(pt, pt), s >> 1
    return q


def _decode(b):
    y = int.from_bytes(b, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P or (x == 0 and sign):
        return None
    if x & 1 != sign:
        x = P - x
    return (x, y, 1, x * y % P)


def _encode(pt):
    zi = pow(pt[2], P - 2, P)
    x, y = pt[0] * zi % P, pt[1] * zi % P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


BASE = _decode((4 * pow(5, P - 2, P) % P).to_bytes(32, "little"))


@functools.lru_cache(maxsize=4096)
def ed25519_verify(pub, msg, sig):
    if len(pub) != 32 or len(sig) != 64:
        return False
    a, s = _decode(pub), int.from_bytes(sig[32:], "little")
    if a is None or s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + pub + msg).digest(), "little") % L
    neg_a = (P - a[0], a[1], a[2], P - a[3])
    return _encode(_add(_mul(s, BASE), _mul(h, neg_a))) == sig[:32]


# --- Signed notes, vkeys, checkpoints (C2SP signed-note, tlog-checkpoint) -------------------
def parse_vkey(text):
    name, keyid, key = text.split("+", 2)
    typed = base64.b64decode(key, validate=True)
    if typed[:1] != b"\x01" or len(typed) != 33 or not name or " " in name:
        raise ValueError("not an Ed25519 vkey")
    want = hashlib.sha256(name.encode() + b"\n" + typed).digest()[:4]
    if keyid != want.hex():
        raise ValueError("vkey key ID does not match")
    return (name, want, typed[1:])


def note_signed_by(note, key):
    text, sigs = note
    return any(n == key[0] and s[:4] == key[1] and ed25519_verify(key[2], text, s[4:]) for n, s in sigs)


def parse_note(raw):
    cut = raw.rfind(b"\n\n")
    if cut < 0 or not raw.endswith(b"\n"):
        raise ValueError("no signature block")
    text, sigs = raw[: cut + 1], []
    for line in raw[cut + 2 : -1].split(b"\n"):
        head, name, sig = line.decode().split(" ")
        if head != "\u2014" or len(base64.b64decode(sig, validate=True)) < 5:
            raise ValueError("bad signature line")
        sigs.append((name, base64.b64decode(sig)))
    lines = text.decode().split("\n")
    size, root = lines[1], base64.b64decode(lines[2], validate=True)
    if len(lines) < 4 or not lines[0] or str(int(size)) != size or len(root) != 32 or "" in lines[3:-1]:
        raise ValueError("not a checkpoint")
    return (text, sigs), (lines[0], int(size), root)


# --- Records: chain and tree ----------------------------------------------------------------
def sha(*parts):
    return hashlib.sha256(b"".join(parts)).digest()


TYPE_CHARS = set(b"abcdefghijklmnopqrstuvwxyz0123456789._-")


def check_record(r):
    """Returns (index, prev, type, payload) or raises ValueError for a malformed record."""
    if len(r) < 50 or r[0] != 1:
        raise ValueError("bad version or length")
    index, _, prev, tl = struct.unpack_from(">Qq32sB", r, 1)
    if not 1 <= tl <= 64 or len(r) < 56 + tl or not set(r[50 : 50 + tl]) <= TYPE_CHARS:
        raise ValueError("bad type")
    (al,) = struct.unpack_from(">H", r, 50 + tl)
    if len(r) < 56 + tl + al:
        raise ValueError("actor runs past the record")
    (pl,) = struct.unpack_from(">I", r, 52 + tl + al)
    if pl > 1 << 24 or len(r) != 56 + tl + al + pl:
        raise ValueError("payload does not end the record")
    return index, prev, r[50 : 50 + tl], r[56 + tl + al :]


def scan(data, pos, sizes):
    """Walks the records: (count, failure or None, rotations, roots at the wanted sizes)."""
    prev, before, i, rotations, roots, frontier = bytes(32), bytes(32), 0, [], {}, []
    if 0 in sizes:
        roots[0] = sha()
    while pos < len(data):
        if pos + 4 > len(data):
            return i, (i, "record framing cut short"), rotations, roots
        (n,) = struct.unpack_from(">I", data, pos)
        if n > len(data) - pos - 36:
            return i, (i, "record runs past the end"), rotations, roots
        rec, stored = data[pos + 4 : pos + 4 + n], data[pos + 4 + n : pos + 36 + n]
        try:
            index, rprev, rtype, payload = check_record(rec)
        except (ValueError, struct.error) as e:
            return i, (i, "malformed record: %s" % e), rotations, roots
        if index != i:
            if i > 0 and index == i - 1 and rprev == before:
                return i, (i - 1, "record was inserted"), rotations, roots
            return i, (i, "index field is %d" % index), rotations, roots
        if rprev != prev:
            return i, (i, "previous-hash field differs"), rotations, roots
        before, prev = prev, sha(prev, rec)
        if prev != stored:
            return i, (i, "content does not match its stored chain hash"), rotations, roots
        if rtype == b"checkpoint.key.rotated":
            rotations.append((i, payload.decode("utf-8", "replace")))
        # Merkle frontier: merge equal-height subtrees (RFC 9162 leaf and node hashes).
        node, bits = sha(b"\x00", rec), i
        while bits & 1:
            node, bits = sha(b"\x01", frontier.pop(), node), bits >> 1
        frontier.append(node)
        i, pos = i + 1, pos + 36 + n
        if i in sizes:
            root = frontier[-1]
            for left in reversed(frontier[:-1]):
                root = sha(b"\x01", left, root)
            roots[i] = root
    return i, None, rotations, roots


# --- The verdict ----------------------------------------------------------------------------
def verify(data, trusted=None):
    head = []
    pos = 0
    for _ in range(5):
        end = data.index(b"\n", pos)
        head.append(data[pos:end].decode())
        pos = end + 1
    if head[0] != "custody-audit-bundle 1" or head[4] != "" or not head[1].startswith("origin "):
        raise ValueError("not a custody audit bundle v1")
    origin, genesis = head[1][7:], parse_vkey(head[2][len("key ") :])
    if trusted and trusted != head[2][4:]:
        return {"verdict": "UNVERIFIABLE", "reason": "genesis key is not the trusted key"}
    unverifiable, notes = None, []
    for k in range(int(head[3][len("checkpoints ") :])):
        end = data.index(b"\n", pos)
        n = int(data[pos:end])
        raw, pos = data[end + 1 : end + 1 + n], end + 1 + n
        try:
            note, cp = parse_note(raw)
            if cp[0] != origin:
                raise ValueError("other origin")
            notes.append((cp[1], note, cp))
        except (ValueError, UnicodeDecodeError, IndexError):
            unverifiable = unverifiable or "checkpoint %d does not parse" % k
    notes.sort(key=lambda x: x[0])
    count, failure, rotations, roots = scan(data, pos, {s for s, _, _ in notes})

    # Key history: the active key signs; a rotation takes effect after the first larger checkpoint.
    valid, keys, active, pending = [], [genesis], 0, []
    try:
        for index, vkey in rotations:
            keys.append(parse_vkey(vkey))
            pending.append(index)
    except (ValueError, IndexError):
        unverifiable = unverifiable or "rotation record carries no valid vkey"
        pending = None
    k = 0
    while pending is not None and k < len(notes):
        size, signed_off = notes[k][0], False
        while k < len(notes) and notes[k][0] == size:
            if note_signed_by(notes[k][1], keys[active]):
                valid.append(notes[k][2])
                signed_off = True
            else:
                others = [j for j in range(len(keys)) if j != active and note_signed_by(notes[k][1], keys[j])]
                why = "revoked key" if others and others[0] < active else "unknown key or bad signature"
                unverifiable = unverifiable or "checkpoint of size %d: %s" % (size, why)
            k += 1
        due = [r for r in pending if r < size]
        if len(due) > 1:
            unverifiable = unverifiable or "two key rotations without a checkpoint between"
            break
        if due and signed_off:
            pending.pop(0)
            active += 1

    good = failure[0] if failure else count
    matching = [c for c in valid if c[1] <= good and roots.get(c[1]) == c[2]]
    mismatching = [c for c in valid if c[1] <= good and roots.get(c[1]) != c[2]]
    tampered, forked = failure, None
    for bad in mismatching:
        witness = [m for m in matching if m[1] >= bad[1]]
        if witness:
            forked = forked or (bad, witness[0])
            continue
        vouched = max([m[1] for m in matching if m[1] < bad[1]], default=0)
        if tampered is None or vouched < tampered[0]:
            tampered = (vouched, "records %d..<%d do not give the root signed at size %d" % (vouched, bad[1], bad[1]))
    if tampered:
        return {"verdict": "TAMPERED", "firstBadIndex": tampered[0], "reason": tampered[1]}
    for a in range(len(valid)):
        for b in valid[a + 1 :]:
            if b[1] == valid[a][1] and b[2] != valid[a][2]:
                forked = forked or (valid[a], b)
    if forked:
        return {"verdict": "FORKED", "checkpoints": [{"size": c[1], "root": c[2].hex()} for c in forked]}
    if valid and valid[-1][1] > count:
        return {"verdict": "TRUNCATED", "firstBadIndex": count, "checkpointSize": valid[-1][1]}
    if unverifiable:
        return {"verdict": "UNVERIFIABLE", "reason": unverifiable}
    if not matching:
        if count == 0:
            return {"verdict": "OK", "size": 0, "root": sha().hex(), "unsignedRecords": 0}
        return {"verdict": "UNVERIFIABLE", "reason": "no signed checkpoint covers the records"}
    last = matching[-1]
    return {"verdict": "OK", "size": last[1], "root": last[2].hex(), "unsignedRecords": count - last[1]}


CODES = {"OK": 0, "TAMPERED": 10, "TRUNCATED": 11, "FORKED": 12, "UNVERIFIABLE": 13}


def main(argv):
    as_json, trusted, status = "--json" in argv, None, 0
    args = [a for a in argv if a != "--json"]
    if "--trusted-key" in args[:-1]:
        at = args.index("--trusted-key")
        trusted, args = args[at + 1], args[:at] + args[at + 2 :]
    if not args:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    for path in args:
        try:
            with open(path, "rb") as f:
                result = verify(f.read(), trusted)
        except (OSError, ValueError, IndexError, UnicodeDecodeError) as e:
            result, code = {"verdict": "ERROR", "reason": str(e)}, 1
        else:
            code = CODES[result["verdict"]]
        status = max(status, code)
        if as_json:
            print(json.dumps(dict(result, file=path), sort_keys=True))
        else:
            print("%s: %s" % (path, " ".join("%s=%s" % kv for kv in result.items())))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
