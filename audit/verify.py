#!/usr/bin/env python3
"""Independent verifier of Custody audit bundles, in Python's standard library alone.

Usage: python3 verify.py [--json] (--trusted-key VKEY | --insecure) [--checkpoint FILE ...] BUNDLE ...

Implements docs/audit-format.md from scratch (it shares no code with the Swift verifier):
hash chain, RFC 9162 Merkle tree, C2SP signed-note checkpoints with Ed25519 (RFC 8032,
written out below), key history, and the verdict. Exit codes: 0 OK, 10 TAMPERED,
11 TRUNCATED, 12 FORKED, 13 UNVERIFIABLE, 1 unreadable bundle (the highest over all files),
64 bad arguments.
"""
import base64, functools, hashlib, json, re, struct, sys

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


def _mul2(s, p, t, q):
    """[s]p + [t]q with one chain of doublings (Straus-Shamir): about half the work of two _mul."""
    table = (None, p, q, _add(p, q))
    r = (0, 1, 1, 0)
    for i in range(max(s.bit_length(), t.bit_length()) - 1, -1, -1):
        r = _add(r, r)
        k = ((s >> i) & 1) | (((t >> i) & 1) << 1)
        if k:
            r = _add(r, table[k])
    return r


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
    return _encode(_mul2(s, BASE, h, neg_a)) == sig[:32]


# --- Limits (docs/audit-format.md, "Limits"), checked before any work ----------------------
MAX_HEADER_LINE = 65535
MAX_CHECKPOINTS = 1000000
MAX_NOTE = 65536
MAX_SIGNATURES = 100


class BadBundle(ValueError):
    """A bundle that does not parse: exit 1, never a verdict."""


def canonical_decimal(text, limit):
    """A canonical non-negative decimal (no sign, no leading zero) not above limit, else None."""
    if not text or len(text) > 20 or not all("0" <= c <= "9" for c in text) or (text[0] == "0" and text != "0"):
        return None
    value = int(text)
    return value if value <= limit else None


# --- Signed notes, vkeys, checkpoints (C2SP signed-note, tlog-checkpoint) -------------------
# Unicode White_Space is what Swift's Unicode.Scalar.Properties.isWhitespace reads.
BAD_NAME = re.compile("[+\x00-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def valid_name(name):
    """Non-empty, without "+", control characters (below U+0020) or Unicode White_Space."""
    return bool(name) and BAD_NAME.search(name) is None


def b64(text):
    """Strict base64 (padding required, alphabet only), as Foundation's Data(base64Encoded:)."""
    if len(text) % 4:
        raise ValueError("bad base64")
    return base64.b64decode(text, validate=True)


def parse_vkey(text):
    parts = text.split("+", 2)
    if len(parts) != 3:
        raise ValueError("vkey is not name+hex(keyid)+base64(type||key)")
    name, keyid, key = parts
    typed = b64(key)
    if not typed or typed[:1] != b"\x01" or len(typed) != 33 or not valid_name(name):
        raise ValueError("not an Ed25519 vkey")
    want = hashlib.sha256(name.encode() + b"\n" + typed).digest()[:4]
    if keyid != want.hex():
        raise ValueError("vkey key ID does not match")
    return (name, want, typed[1:])


def note_signed_by(note, key):
    """At least one line names the key (name and key ID), and every such line verifies."""
    text, sigs = note
    lines = [s for n, s in sigs if n == key[0] and s[:4] == key[1]]
    return bool(lines) and all(ed25519_verify(key[2], text, s[4:]) for s in lines)


def parse_signed_note(raw):
    """A C2SP signed note from bytes: (text bytes, [(name, keyid+signature)])."""
    note = raw.decode("utf-8")
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise ValueError("note contains a control character")
    cut = raw.rfind(b"\n\n")
    if cut < 0 or not raw.endswith(b"\n"):
        raise ValueError("no signature block")
    text, sigs = raw[: cut + 1], []
    for line in raw[cut + 2 : -1].split(b"\n"):
        if not line.startswith("\u2014 ".encode()):
            raise ValueError("signature line does not start with an em dash")
        fields = line[len("\u2014 ".encode()) :].decode().split(" ")
        if len(fields) != 2 or not valid_name(fields[0]):
            raise ValueError("malformed signature line")
        sig = b64(fields[1])
        if len(sig) < 5:
            raise ValueError("malformed signature line")
        sigs.append((fields[0], sig))
        if len(sigs) > MAX_SIGNATURES:
            raise ValueError("more than %d signatures" % MAX_SIGNATURES)
    if not sigs:
        raise ValueError("a note needs a signature")
    return text, sigs


def parse_note(raw):
    """A checkpoint note: (note, (origin, size, root))."""
    text, sigs = parse_signed_note(raw)
    lines = text.decode().split("\n")
    if len(lines) < 4 or not lines[0] or "" in lines[3:-1]:
        raise ValueError("not a checkpoint")
    size = canonical_decimal(lines[1], 2**64 - 1)
    root = b64(lines[2])
    if size is None or len(root) != 32:
        raise ValueError("not a checkpoint")
    return (text, sigs), (lines[0], size, root)


ROTATION_HEADER = "custody-audit-key-rotation"


def parse_rotation(payload, origin, index, outgoing):
    """The new key of an authorized rotation record, else ValueError with the reason."""
    try:
        note = parse_signed_note(payload)
        lines = note[0].decode().split("\n")
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError("the rotation payload is not a signed note: %s" % e)
    if len(lines) != 5 or lines[0] != ROTATION_HEADER:
        raise ValueError("the rotation payload is not a %s note" % ROTATION_HEADER)
    if lines[1] != origin or lines[2] != str(index):
        raise ValueError("the rotation note names another origin or record")
    key = parse_vkey(lines[3])
    if not note_signed_by(note, outgoing):
        raise ValueError("the rotation is not signed by the outgoing key")
    return key


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
            rotations.append((i, payload))
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
def parse_header(data):
    """(origin, genesis vkey text, [note bytes or None], records offset); BadBundle if it does not parse."""
    pos = 0

    def line():
        nonlocal pos
        end = data.find(b"\n", pos, pos + MAX_HEADER_LINE + 1)
        if end < 0:
            raise BadBundle("header line without a newline within %d bytes" % MAX_HEADER_LINE)
        try:
            text = data[pos:end].decode("utf-8")
        except UnicodeDecodeError:
            raise BadBundle("header line is not UTF-8")
        pos = end + 1
        return text

    def field(name):
        text = line()
        if not text.startswith(name + " "):
            raise BadBundle("expected the %s line" % name)
        return text[len(name) + 1 :]

    if line() != "custody-audit-bundle 1":
        raise BadBundle("not a custody audit bundle v1")
    origin = field("origin")
    vkey = field("key")
    try:
        parse_vkey(vkey)
    except ValueError as e:
        raise BadBundle("bad genesis key: %s" % e)
    count = canonical_decimal(field("checkpoints"), MAX_CHECKPOINTS)
    if count is None:
        raise BadBundle("bad checkpoints count (a canonical decimal up to %d)" % MAX_CHECKPOINTS)
    if line() != "":
        raise BadBundle("no empty line after the header")
    notes = []
    for k in range(count):
        n = canonical_decimal(line(), MAX_NOTE)
        if n is None or n > len(data) - pos:
            raise BadBundle("bad length of checkpoint %d (a canonical decimal up to %d, within the file)" % (k, MAX_NOTE))
        raw = data[pos : pos + n]
        pos += n
        notes.append(raw)
    return origin, vkey, notes, pos


def verify(data, trusted=None, pinned=()):
    origin, vkey, raw_notes, pos = parse_header(data)
    genesis = parse_vkey(vkey)
    if trusted is not None and parse_vkey(trusted) != genesis:
        return {"verdict": "UNVERIFIABLE", "reason": "genesis key is not the trusted key"}
    unverifiable, notes = None, []
    for k, raw in enumerate(raw_notes):
        try:
            note, cp = parse_note(raw)
            if cp[0] != origin:
                raise ValueError("other origin")
            notes.append((cp[1], k, note, cp))
        except (ValueError, UnicodeDecodeError, IndexError):
            unverifiable = unverifiable or "checkpoint %d does not parse" % k
    held = []
    for raw in pinned:
        note, cp = parse_note(raw)
        if cp[0] != origin:
            raise BadBundle("a pinned checkpoint is not a checkpoint of %s" % origin)
        held.append((note, cp))
    notes.sort(key=lambda x: (x[0], x[1]))
    sizes = {n[0] for n in notes} | {cp[1] for _, cp in held}
    count, failure, rotations, roots = scan(data, pos, sizes)

    # Key history: each rotation signed by its outgoing key; the first bad one is tampering.
    keys, pending = [genesis], []
    for index, payload in rotations:
        try:
            keys.append(parse_rotation(payload, origin, index, keys[-1]))
            pending.append(index)
        except (ValueError, UnicodeDecodeError) as e:
            if failure is None or index < failure[0]:
                failure = (index, "rotation record %d is not authorized: %s" % (index, e))
            break

    # The active key signs; a rotation takes effect after the first larger checkpoint.
    valid, active, k, checked = [], 0, 0, {}
    while k < len(notes):
        size, signed_off = notes[k][0], False
        while k < len(notes) and notes[k][0] == size:
            note = notes[k][2]
            key = (note[0], tuple(note[1]))
            if key not in checked:
                checked[key] = note_signed_by(note, keys[active])
            if checked[key]:
                valid.append(notes[k][3])
                signed_off = True
            elif unverifiable is None:
                others = [j for j in range(len(keys)) if j != active and note_signed_by(note, keys[j])]
                why = "revoked key" if others and others[0] < active else "unknown key or bad signature"
                unverifiable = "checkpoint of size %d: %s" % (size, why)
            k += 1
        due = [r for r in pending if r < size]
        if len(due) > 1:
            unverifiable = unverifiable or "two key rotations without a checkpoint between"
            break
        if due and signed_off:
            pending.pop(0)
            active += 1
    for note, cp in held:
        if not any(note_signed_by(note, key) for key in keys):
            unverifiable = unverifiable or "the pinned checkpoint of size %d is not signed by a key of this log" % cp[1]
    # Merge the pinned checkpoints by size (the bundle's first within a size).
    valid = [c for _, _, c in sorted([(c[1], 0, c) for c in valid] + [(c[1], 1, c) for _, c in held], key=lambda x: x[:2])]
    return classify(count, failure, roots, valid, unverifiable)


def classify(count, failure, roots, valid, unverifiable):
    good = failure[0] if failure else count
    covered = [c for c in valid if c[1] <= good]
    matching = [c for c in covered if roots.get(c[1]) == c[2]]
    mismatching = [c for c in covered if roots.get(c[1]) != c[2]]
    tampered, forked, nxt = failure, None, 0
    for bad in mismatching:
        while nxt < len(matching) and matching[nxt][1] < bad[1]:
            nxt += 1
        if nxt < len(matching):
            forked = forked or (bad, matching[nxt])
            continue
        vouched = matching[nxt - 1][1] if nxt > 0 else 0
        if tampered is None or vouched < tampered[0]:
            tampered = (vouched, "records %d..<%d do not give the root signed at size %d" % (vouched, bad[1], bad[1]))
    if tampered:
        return {"verdict": "TAMPERED", "firstBadIndex": tampered[0], "reason": tampered[1]}
    start = 0
    while start < len(valid):
        first, end, other = valid[start], start + 1, None
        while end < len(valid) and valid[end][1] == first[1]:
            if other is None and valid[end][2] != first[2]:
                other = valid[end]
            end += 1
        if other:
            forked = (first, other)
            break
        start = end
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


USAGE = "usage: verify.py [--json] (--trusted-key VKEY | --insecure) [--checkpoint FILE ...] BUNDLE [BUNDLE ...]"


def main(argv):
    as_json, trusted, insecure, held, paths, status = False, None, False, [], [], 0
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--json":
            as_json = True
        elif a == "--insecure":
            insecure = True
        elif a in ("--trusted-key", "--checkpoint") and args:
            value = args.pop(0)
            if a == "--trusted-key":
                trusted = value
            else:
                try:
                    with open(value, "rb") as f:
                        raw = f.read(MAX_NOTE + 1)
                    if len(raw) > MAX_NOTE:
                        raise ValueError("longer than %d bytes" % MAX_NOTE)
                    parse_note(raw)
                except (OSError, ValueError, UnicodeDecodeError) as e:
                    print("--checkpoint %s: not a signed checkpoint: %s" % (value, e), file=sys.stderr)
                    return 64
                held.append((value, raw))
        elif a.startswith("--"):
            print("unknown or incomplete option %s\n%s" % (a, USAGE), file=sys.stderr)
            return 64
        else:
            paths.append(a)
    if not paths or (trusted is None and not insecure):
        print(USAGE + "\n--trusted-key is required unless --insecure is given", file=sys.stderr)
        return 64
    if trusted is not None:
        try:
            parse_vkey(trusted)
        except (ValueError, UnicodeDecodeError) as e:
            print("--trusted-key: not a vkey: %s" % e, file=sys.stderr)
            return 64
    anchors = {
        "trustedKey": trusted,
        "pinnedCheckpoints": [{"file": name, "size": parse_note(raw)[1][1]} for name, raw in held],
    }
    for path in paths:
        try:
            with open(path, "rb") as f:
                result = verify(f.read(), trusted, [raw for _, raw in held])
        except (OSError, ValueError, IndexError, UnicodeDecodeError) as e:
            result, code = {"verdict": "ERROR", "reason": str(e)}, 1
        else:
            code = CODES[result["verdict"]]
        status = max(status, code)
        if as_json:
            print(json.dumps(dict(result, file=path, anchors=anchors), sort_keys=True))
        else:
            print("%s: %s" % (path, " ".join("%s=%s" % kv for kv in result.items())))
    if not as_json:
        print(
            "trust anchors: genesis key %s; pinned checkpoints: %s"
            % (
                trusted or "NONE (--insecure: the bundle's own key was used)",
                ", ".join("size %d (%s)" % (p["size"], p["file"]) for p in anchors["pinnedCheckpoints"]) or "none",
            )
        )
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
