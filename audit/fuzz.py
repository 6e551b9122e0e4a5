#!/usr/bin/env python3
"""Mutation fuzzer for audit bundles, Python's standard library only.

Usage: python3 fuzz.py [--seed N] [--count N] [--out DIR] BUNDLE [BUNDLE ...]

Mutates the given bundles with a fixed seed (bytes flipped, inserted, deleted, cut; header
numbers rewritten; checkpoint notes duplicated, spliced, given extra signature lines; records
swapped or dropped) and runs verify.py's verify() on each input in-process. It fails (exit 1)
if verify() raises anything but the errors that mean "this bundle does not parse", or takes
longer than a second of CPU time plus a second per megabyte on one input. With --out it
writes each input as DIR/NNNNN.bundle and its result as one JSON line (file, verdict,
firstBadIndex, ...) to DIR/results.jsonl, so that another verifier can be compared on the very
same inputs.
"""
import json, os, random, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify as V  # noqa: E402

NUMBERS = [b"-5", b"007", b"+7", b"0", b"00", b"1", b" 1", b"1 ", b"9223372036854775807", b"18446744073709551615",
           b"18446744073709551616", b"99999999999999999999999", b"65536", b"65537", b"1000000", b"1000001", b""]


def split_bundle(data):
    """(header lines up to the blank one, [(length line, note)], records bytes) or None."""
    try:
        origin, vkey, notes, pos = V.parse_header(data)
    except (ValueError, IndexError, UnicodeDecodeError):
        return None
    return origin, vkey, notes, data[pos:]


def join_bundle(origin, vkey, notes, records, count=None):
    out = b"custody-audit-bundle 1\norigin %s\nkey %s\ncheckpoints %s\n\n" % (
        origin.encode(), vkey.encode(), str(len(notes)).encode() if count is None else count)
    for note in notes:
        out += str(len(note)).encode() + b"\n" + note
    return out + records


def records_of(blob):
    """The framed records (u32 length, record, hash) as a list of byte strings, and the rest."""
    out, pos = [], 0
    while pos + 4 <= len(blob):
        n = int.from_bytes(blob[pos : pos + 4], "big")
        if n > len(blob) - pos - 36:
            break
        out.append(blob[pos : pos + 36 + n])
        pos += 36 + n
    return out, blob[pos:]


def mutate(data, rng):
    kind = rng.randrange(14)
    parts = split_bundle(data)
    if kind < 4 or parts is None:
        b = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(b) + 1)
            op = rng.randrange(4)
            if op == 0 and at < len(b):
                b[at] ^= 1 << rng.randrange(8)
            elif op == 1:
                b[at:at] = bytes([rng.randrange(256)]) * rng.randint(1, 3)
            elif op == 2:
                del b[at : at + rng.randint(1, 40)]
            else:
                del b[at:]
        return bytes(b)
    origin, vkey, notes, blob = parts
    notes = [n for n in notes]
    if kind == 4:  # a header number rewritten
        which = rng.randrange(2)
        if which == 0 or not notes:
            return join_bundle(origin, vkey, notes, blob, rng.choice(NUMBERS))
        out = join_bundle(origin, vkey, notes, blob)
        k = rng.randrange(len(notes))
        old = str(len(notes[k])).encode() + b"\n" + notes[k]
        return out.replace(old, rng.choice(NUMBERS) + b"\n" + notes[k], 1)
    if kind == 5 and notes:  # duplicated checkpoints
        k = rng.randrange(len(notes))
        notes[k + 1 : k + 1] = [notes[k]] * rng.randint(1, 300)
    elif kind == 6 and notes:  # extra signature lines, good copies or bad ones
        k = rng.randrange(len(notes))
        lines = notes[k].split(b"\n")
        sig = [l for l in lines if l.startswith("\u2014 ".encode())]
        if sig:
            extra = rng.choice(sig)
            if rng.randrange(2):
                extra = extra[:-3] + bytes([rng.choice(b"ABCDEFabcdef0123")]) + extra[-2:]
            notes[k] = notes[k] + (extra + b"\n") * rng.choice([1, 2, 99, 100, 101])
    elif kind == 7 and notes:  # a note's size line rewritten
        k = rng.randrange(len(notes))
        lines = notes[k].split(b"\n")
        if len(lines) > 2:
            lines[1] = rng.choice(NUMBERS)
            notes[k] = b"\n".join(lines)
    elif kind == 8 and len(notes) > 1:  # checkpoints dropped or reordered
        if rng.randrange(2):
            del notes[rng.randrange(len(notes))]
        else:
            rng.shuffle(notes)
    elif kind == 9:  # records dropped, swapped or duplicated
        recs, rest = records_of(blob)
        if recs:
            i, j = rng.randrange(len(recs)), rng.randrange(len(recs))
            op = rng.randrange(3)
            if op == 0:
                del recs[i]
            elif op == 1:
                recs[i], recs[j] = recs[j], recs[i]
            else:
                recs.insert(i, recs[j])
        blob = b"".join(recs) + rest
    elif kind == 10:  # a record's length field rewritten
        recs, rest = records_of(blob)
        if recs:
            i = rng.randrange(len(recs))
            n = rng.choice([0, 1, 49, 50, 2**31, 2**32 - 1, len(recs[i]) - 35, len(recs[i]) - 37])
            recs[i] = max(0, n).to_bytes(4, "big") + recs[i][4:]
        blob = b"".join(recs) + rest
    elif kind == 11:  # the origin or the key line changed
        if rng.randrange(2):
            origin = origin + rng.choice(["x", " ", "\u00e9", "e\u0301", "\u202e"])
        else:
            vkey = rng.choice([vkey + "x", vkey.replace("+", "+ ", 1), vkey.upper(), " " + vkey])
    elif kind == 12 and notes:  # a note's bytes mutated
        k = rng.randrange(len(notes))
        b = bytearray(notes[k])
        if b:
            b[rng.randrange(len(b))] = rng.choice(b"\n \x00+-=\xe2\x80\x94Aa0\x7f\xc3")
        notes[k] = bytes(b)
    else:  # a note spliced from two
        if len(notes) > 1:
            a, b = rng.sample(range(len(notes)), 2)
            cut_a, cut_b = notes[a].rfind(b"\n\n"), notes[b].rfind(b"\n\n")
            if cut_a > 0 and cut_b > 0:
                notes[a] = notes[a][:cut_a] + notes[b][cut_b:]
    return join_bundle(origin, vkey, notes, blob)


def run(seeds, count, seed, out=None):
    rng, failures, results = random.Random(seed), [], []
    for n in range(count):
        base = seeds[n % len(seeds)]
        data = base
        for _ in range(rng.randint(1, 3)):
            data = mutate(data, rng)
        # CPU time of this thread: a loaded machine slows the wall clock, not the work.
        start = time.thread_time()
        try:
            result = V.verify(data, None)
        except (ValueError, IndexError, UnicodeDecodeError) as e:
            result = {"verdict": "ERROR", "reason": str(e)}
        except Exception as e:  # a crash: the bug this harness is for
            failures.append("input %d: %s: %s" % (n, type(e).__name__, e))
            result = {"verdict": "CRASH"}
        elapsed = time.thread_time() - start
        # Linear time: a second of CPU, plus a second per megabyte of input.
        if elapsed > 1.0 + len(data) / 1e6:
            failures.append("input %d (%d bytes) took %.2f s" % (n, len(data), elapsed))
        if out:
            name = "%05d.bundle" % n
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
            results.append(dict(result, file=name))
    if out:
        with open(os.path.join(out, "results.jsonl"), "w") as f:
            for r in results:
                f.write(json.dumps(r, sort_keys=True) + "\n")
    return failures


def main(argv):
    seed, count, out, paths = 1, 2000, None, []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a in ("--seed", "--count", "--out") and args:
            v = args.pop(0)
            if a == "--seed":
                seed = int(v)
            elif a == "--count":
                count = int(v)
            else:
                out = v
        elif a.startswith("-"):
            print("fuzz.py: unknown option %s" % a, file=sys.stderr)
            print(__doc__.strip().splitlines()[2], file=sys.stderr)
            return 64
        else:
            paths.append(a)
    if not paths:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 64
    seeds = []
    for p in paths:
        with open(p, "rb") as f:
            seeds.append(f.read())
    if out:
        os.makedirs(out, exist_ok=True)
    failures = run(seeds, count, seed, out)
    for f in failures:
        print(f, file=sys.stderr)
    print("%d inputs, %d failures" % (count, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
