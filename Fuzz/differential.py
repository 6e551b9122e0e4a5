#!/usr/bin/env python3
"""Differential run of the two bundle verifiers: the Swift BundleVerifier (through the
FuzzAuditBundle fuzz target, which prints its verdicts) and the independent audit/verify.py.

Mutates the committed bundle corpus with a fixed seed (byte flips, truncations, bad length
fields, duplicated checkpoints, extra signature lines, record deletions and swaps, splices),
asks both verifiers, and reports every input where their verdict or first bad index differ,
where audit/verify.py raises anything but the errors it reports as unreadable, where either
takes longer than --timeout seconds, or where the Swift side crashes. Each such input is saved
under --out. Python standard library only.

Usage: python3 Fuzz/differential.py [--runs N] [--seed S] [--timeout SECONDS] [--fuzzer PATH]
                                    [--out DIR] [--report-only]
Exit status: 0 when the verifiers agree on every input (or with --report-only), 1 otherwise.
"""
import argparse, glob, importlib.util, os, random, shutil, signal, struct, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_python_verifier():
    spec = importlib.util.spec_from_file_location("verify", os.path.join(ROOT, "audit", "verify.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- Mutations ------------------------------------------------------------------------------
def split(data):
    """(header lines, [(length line, note)], record region) of a well-formed bundle, or None."""
    try:
        pos, head = 0, []
        for _ in range(5):
            end = data.index(b"\n", pos)
            head.append(data[pos:end])
            pos = end + 1
        notes = []
        for _ in range(int(head[3].split()[1])):
            end = data.index(b"\n", pos)
            n = int(data[pos:end])
            notes.append(data[end + 1 : end + 1 + n])
            pos = end + 1 + n
        return head, notes, data[pos:]
    except (ValueError, IndexError):
        return None


def join(head, notes, records):
    head = list(head)
    head[3] = b"checkpoints %d" % len(notes)
    return b"\n".join(head) + b"\n" + b"".join(b"%d\n" % len(n) + n for n in notes) + records


def records_of(region):
    out, pos = [], 0
    while pos + 4 <= len(region):
        (n,) = struct.unpack(">I", region[pos : pos + 4])
        if pos + 4 + n + 32 > len(region):
            break
        out.append(region[pos : pos + 36 + n])
        pos += 36 + n
    return out


def mutate(rng, data, others):
    parts = split(data)
    choice = rng.randrange(12)
    if parts is None or choice < 3:
        data = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            if not data:
                break
            kind = rng.randrange(3)
            at = rng.randrange(len(data))
            if kind == 0:
                data[at] ^= 1 << rng.randrange(8)
            elif kind == 1:
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
            else:
                del data[at : at + rng.randint(1, 8)]
        return bytes(data)
    head, notes, region = parts
    records = records_of(region)
    if choice == 3:
        return data[: rng.randrange(len(data))]
    if choice == 4 and notes:
        at = rng.randrange(len(notes))
        length = rng.choice([-1, 0, len(notes[at]) + 1, 2**31, 2**63 - 1, 2**63, 10**30])
        return join(head, notes, region).replace(b"%d\n" % len(notes[at]) + notes[at], b"%d\n" % length + notes[at], 1)
    if choice == 5 and notes:
        return join(head, notes + [rng.choice(notes)] * rng.randint(1, 50), region)
    if choice == 6 and notes:
        at = rng.randrange(len(notes))
        text, _, sigs = notes[at].partition(b"\n\n")
        line = sigs.split(b"\n")[0] + b"\n"
        notes = list(notes)
        notes[at] = text + b"\n\n" + sigs + line * rng.choice([1, 2, 99, 100, 101])
        return join(head, notes, region)
    if choice == 7 and records:
        del records[rng.randrange(len(records))]
        return join(head, notes, b"".join(records))
    if choice == 8 and len(records) > 1:
        a, b = rng.sample(range(len(records)), 2)
        records[a], records[b] = records[b], records[a]
        return join(head, notes, b"".join(records))
    if choice == 9 and records:
        at = rng.randrange(len(records))
        record = bytearray(records[at])
        record[4 + rng.randrange(len(record) - 4)] ^= 1 << rng.randrange(8)
        records[at] = bytes(record)
        return join(head, notes, b"".join(records))
    if choice == 10:
        other = split(rng.choice(others))
        if other:
            return join(head, notes[: rng.randint(0, len(notes))] + other[1][rng.randint(0, len(other[1])) :], region)
    if choice == 11 and notes:
        notes = list(notes)
        del notes[rng.randrange(len(notes))]
        return join(head, notes, region)
    return join(head, notes, region)


# --- The two verdicts -----------------------------------------------------------------------
class Timeout(Exception):
    pass


def python_verdict(module, data, timeout):
    def expire(*_):
        raise Timeout()

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        result = module.verify(data)
        return "%s %s" % (result["verdict"], result.get("firstBadIndex", "-"))
    except Timeout:
        return "HANG"
    except (ValueError, IndexError, UnicodeDecodeError):  # what verify.py reports as unreadable
        return "ERROR -"
    except Exception as error:  # anything else is a traceback for the auditor
        return "CRASH %s" % type(error).__name__
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def fnv1a(data):
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%x" % value


def crash_reason(stderr, code):
    """The failure and the first frame in Custody's code, from a sanitizer report."""
    failure = next((l.strip() for l in stderr if "Fatal error" in l or "ERROR:" in l), "exit %d" % code)
    frames = [l for l in stderr if l.strip().startswith("#") and " in " in l]
    runtime = next((l.split(" in ", 1)[1].split(" /")[0].strip() for l in frames if "Swift runtime failure" in l), None)
    custody = next((l.split(" in ", 1)[1].strip() for l in frames if "/Sources/" in l and "/Fuzz/" not in l), "")
    where = custody.split(" ")[-1].split("/Sources/")[-1] if custody else ""
    return "%s at %s" % (runtime or failure, where) if where else (runtime or failure)


def swift_verdicts(fuzzer, paths, inputs, timeout):
    """The Swift verdict of each input. libFuzzer runs the given files once each, in order,
    naming each on stderr ("Running: FILE") first; the target logs "HASH VERDICT INDEX"."""
    verdicts = {}
    start = 0
    with tempfile.NamedTemporaryFile("r") as log:
        while start < len(paths):
            open(log.name, "w").close()
            process = subprocess.run(
                [fuzzer, "-timeout=%d" % max(1, int(timeout))] + paths[start:],
                env=dict(os.environ, CUSTODY_FUZZ_VERDICTS=log.name, SWIFT_BACKTRACE="enable=no"),
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for line in open(log.name).read().splitlines():
                digest, verdict = line.split(" ", 1)
                verdicts[digest] = verdict
            if process.returncode == 0:
                break
            stderr = process.stderr.decode(errors="replace").splitlines()
            running = [l[len("Running: ") :] for l in stderr if l.startswith("Running: ")]
            failed = paths.index(running[-1]) if running else start
            reason = crash_reason(stderr, process.returncode)
            verdicts[fnv1a(inputs[failed])] = "CRASH " + reason
            start = failed + 1
    return [verdicts.get(fnv1a(data), "MISSING") for data in inputs]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--fuzzer", default=os.path.join(HERE, ".build", "debug", "FuzzAuditBundle"))
    parser.add_argument("--out", default=os.path.join(HERE, ".build", "findings", "differential"))
    parser.add_argument("--report-only", action="store_true", help="exit 0 even when the verifiers disagree")
    args = parser.parse_args()

    module = load_python_verifier()
    seeds = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(HERE, "Corpus", "FuzzAuditBundle", "*")))]
    rng = random.Random(args.seed)
    inputs = list(seeds)
    while len(inputs) < args.runs:
        data = rng.choice(seeds)
        for _ in range(rng.choice([1, 1, 2, 3])):
            data = mutate(rng, data, seeds)
        inputs.append(data)

    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="custody-differential-")
    try:
        paths = []
        for index, data in enumerate(inputs):
            path = os.path.join(work, "%06d.bundle" % index)
            with open(path, "wb") as f:
                f.write(data)
            paths.append(path)
        # The Swift verdicts come from another process: ask both verifiers at once.
        swift = []
        thread = threading.Thread(target=lambda: swift.extend(swift_verdicts(args.fuzzer, paths, inputs, args.timeout)))
        thread.start()
        python = [python_verdict(module, data, args.timeout) for data in inputs]
        thread.join()
        disagreements = [(i, s, p) for i, (s, p) in enumerate(zip(swift, python)) if s != p or s.startswith(("CRASH", "HANG"))]
        if disagreements:
            os.makedirs(args.out, exist_ok=True)
        for index, s, p in disagreements:
            shutil.copy(paths[index], os.path.join(args.out, "%06d.bundle" % index))
    finally:
        shutil.rmtree(work)

    kinds = {}
    for index, s, p in disagreements:
        name = lambda v: v[:120] if v.startswith("CRASH") else v.split(" ")[0]
        kinds.setdefault("swift %s / python %s" % (name(s), name(p)), []).append(index)
    print("differential: %d bundles (seed %d) in %.0f s, %d disagreements"
          % (len(inputs), args.seed, time.monotonic() - started, len(disagreements)))
    for kind, indices in sorted(kinds.items()):
        print("    %4d x %s (e.g. %s/%06d.bundle)" % (len(indices), kind, os.path.relpath(args.out), indices[0]))
    return 1 if disagreements and not args.report_only else 0


if __name__ == "__main__":
    sys.exit(main())
