#!/usr/bin/env python3
"""Differential run of the two bundle verifiers under the sanitizers: the Swift BundleVerifier
(through the FuzzAuditBundle fuzz target, built with the address sanitizer, which prints its
verdicts) and the independent audit/verify.py.

The inputs and verify.py's results come from audit/fuzz.py, the auditor's mutation fuzzer that
the main test suite's differential test (VerifierDifferential) also runs: the same mutations,
the same fixed seed, the same fields compared (verdict, first bad index, OK size and root,
FORKED sizes). This run adds what the in-process test cannot see: memory errors and traps under
the sanitizers, and hangs, on more inputs. It fails when the verifiers disagree on an input,
when verify.py raises anything but the errors it reports as unreadable or is slow (audit/fuzz.py's
linear-time bound), or when the Swift side crashes or takes longer than --timeout seconds. Each
disagreeing input is saved under --out. Python standard library only.

Usage: python3 Fuzz/differential.py [--runs N] [--seed S] [--timeout SECONDS] [--fuzzer PATH]
                                    [--out DIR] [--report-only]
Exit status: 0 when the verifiers agree on every input (or with --report-only), 1 otherwise.
"""
import argparse, glob, json, os, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "audit"))
import fuzz as F  # noqa: E402  (audit/fuzz.py)


def python_text(result):
    """verify.py's result in VerifierDifferential's form: verdict, first bad index, OK size and
    root, FORKED sizes (ERROR for a bundle that does not parse)."""
    def text(value):
        return "-" if value is None else str(value)

    forked = result.get("checkpoints")
    sizes = ",".join(str(c["size"]) for c in forked) if forked else None
    return " ".join(
        [result["verdict"], text(result.get("firstBadIndex")), text(result.get("size")), text(result.get("root")),
         text(sizes)])


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
    naming each on stderr ("Running: FILE") first; the target logs "HASH VERDICT ..."; a crash or
    a timeout is recorded for its input and the run goes on after it."""
    verdicts = {}
    start = 0
    with tempfile.NamedTemporaryFile("r") as log:
        while start < len(paths):
            open(log.name, "w").close()
            process = subprocess.run(
                # No leak checks here: each would run the input again and stop the process to
                # scan it (seconds per input); the fuzz runs of FuzzAuditBundle check for leaks.
                [fuzzer, "-timeout=%d" % max(1, int(timeout)), "-detect_leaks=0"] + paths[start:],
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

    seeds = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(HERE, "Corpus", "FuzzAuditBundle", "*")))]
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="custody-differential-")
    try:
        python_failures = F.run(seeds, args.runs, args.seed, out=work)
        results = [json.loads(line) for line in open(os.path.join(work, "results.jsonl"))]
        paths = [os.path.join(work, r["file"]) for r in results]
        inputs = [open(p, "rb").read() for p in paths]
        swift = swift_verdicts(args.fuzzer, paths, inputs, args.timeout)
        python = ["ERROR - - - -" if r["verdict"] == "ERROR" else python_text(r) for r in results]
        disagreements = [(i, s, p) for i, (s, p) in enumerate(zip(swift, python)) if s != p]
        if disagreements:
            os.makedirs(args.out, exist_ok=True)
        for index, s, p in disagreements:
            shutil.copy(paths[index], os.path.join(args.out, results[index]["file"]))
    finally:
        shutil.rmtree(work)

    kinds = {}
    for index, s, p in disagreements:
        name = lambda v: v[:120] if v.startswith("CRASH") else v.split(" ")[0]
        kinds.setdefault("swift %s / python %s" % (name(s), name(p)), []).append(results[index]["file"])
    print("differential: %d bundles (audit/fuzz.py, seed %d) in %.0f s, %d disagreements, %d verify.py failures"
          % (len(inputs), args.seed, time.monotonic() - started, len(disagreements), len(python_failures)))
    for kind, files in sorted(kinds.items()):
        print("    %4d x %s (e.g. %s/%s)" % (len(files), kind, os.path.relpath(args.out), files[0]))
    for failure in python_failures[:10]:
        print("    verify.py: %s" % failure)
    failed = disagreements or python_failures
    return 1 if failed and not args.report_only else 0


if __name__ == "__main__":
    sys.exit(main())
