# Custody: `make demo` and `make test` do all the set-up on a fresh Debian 12 machine with Swift.

SWIFT ?= swift
APT_PACKAGES := pkg-config libsecp256k1-dev libsofthsm2-dev softhsm2 opensc libpq-dev libsqlite3-dev libssl-dev postgresql
# CI builds with warnings as errors.
ifeq ($(CI),true)
SWIFT_FLAGS += -Xswiftc -warnings-as-errors
endif

FORMAT_PATHS := Sources Tests Package.swift $(wildcard Benchmarks/Package.swift Benchmarks/Sources Fuzz/Package.swift Fuzz/Sources)
# make fuzz: seconds per target; make fuzz-ci: inputs per target (fixed seed, at most
# FUZZ_CI_SECONDS each) and bundles for the differential run against audit/verify.py, which
# fails on any disagreement (FUZZ_DIFFERENTIAL_FLAGS=--report-only only reports them).
FUZZ_SECONDS ?= 600
FUZZ_CI_RUNS ?= 5000
FUZZ_CI_SECONDS ?= 10
FUZZ_DIFFERENTIAL_RUNS ?= 1000
FUZZ_DIFFERENTIAL_FLAGS ?=

.PHONY: deps build test lint format demo frost-demo bench fuzz fuzz-ci fuzz-regressions clean connect-client

## deps: install the Debian packages that are missing (idempotent; skips what is there);
## python3 runs the auditor's independent verifier in the tests
deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	command -v python3 >/dev/null || missing="$$missing python3"; \
	if [ -z "$$missing" ]; then echo "deps: all present"; else \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "deps: installing$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

## connect-client: a Python virtual environment with the runtime of the stock Connect client
## generated from docs/api/custody/v1/custody.proto (Tests/ConnectClient, committed), which
## ConnectClientTests drives a coordinator with
CONNECT_CLIENT_VENV := .build/connect-client-venv
connect-client: $(CONNECT_CLIENT_VENV)/installed
$(CONNECT_CLIENT_VENV)/installed: Tests/ConnectClient/requirements.txt
	python3 -m venv $(CONNECT_CLIENT_VENV)
	$(CONNECT_CLIENT_VENV)/bin/pip install --quiet --disable-pip-version-check -r Tests/ConnectClient/requirements.txt
	touch $@

## test: the whole test suite
test: deps connect-client
	$(SWIFT) test $(SWIFT_FLAGS)

## lint: fail when `swift format` would change a file, or Package.swift breaks the layering of docs/architecture.md
lint:
	$(SWIFT) format lint --strict --recursive $(FORMAT_PATHS)
	python3 scripts/check-layering.py

format:
	$(SWIFT) format --in-place --recursive $(FORMAT_PATHS)

## demo: a local cluster (custody dev up), a service's PSBT withdrawal from the cold wallet, two
## officers' approvals, the time lock, the signatures checked by libsecp256k1, the audit log verified
demo: deps
	$(SWIFT) build --product custody
	$(SWIFT) build --product custodyd
	bash deploy/dev/demo.sh "$$($(SWIFT) build --show-bin-path)"

## frost-demo: a 3-of-5 Taproot key, two signer subsets, each signature verified (offline)
frost-demo: deps
	$(SWIFT) build --product custody
	bash deploy/dev/frost-demo.sh "$$($(SWIFT) build --show-bin-path)/custody"

## bench: the benchmarks (their own package, never built by CI); DaemonBenchmarks runs the
## root package's release custodyd, built first, and the end-to-end `custody frost sign`
## timing its release custody
bench: deps
	$(SWIFT) build -c release --product custodyd
	$(SWIFT) build -c release --product custody
	cd Benchmarks && $(SWIFT) build -c release
	cd Benchmarks && $(SWIFT) run -c release FROSTBenchmarks
	bash Benchmarks/scripts/frost-sign-end-to-end.sh "$$($(SWIFT) build -c release --show-bin-path)/custody"
	cd Benchmarks && $(SWIFT) run -c release HSMBenchmarks
	cd Benchmarks && $(SWIFT) run -c release PolicyBenchmarks
	cd Benchmarks && $(SWIFT) run -c release AuditBenchmarks
	cd Benchmarks && $(SWIFT) run -c release SignerStoreBenchmarks
	cd Benchmarks && $(SWIFT) run -c release DaemonBenchmarks
	cd Benchmarks && $(SWIFT) run -c release APIBenchmarks

## fuzz: every libFuzzer target for FUZZ_SECONDS (their own package, built with sanitizers;
## docs/fuzzing.md), then the differential run of the two bundle verifiers
fuzz: deps
	status=0; \
	bash Fuzz/run.sh fuzz $(FUZZ_SECONDS) || status=1; \
	python3 Fuzz/differential.py --runs $$(( $(FUZZ_SECONDS) * 10 )) || status=1; \
	exit $$status

## fuzz-ci: every target briefly from the committed corpus with a fixed seed, then the
## differential run (CI runs it after `make test`)
fuzz-ci: deps
	status=0; \
	FUZZ_CI_SECONDS=$(FUZZ_CI_SECONDS) bash Fuzz/run.sh ci $(FUZZ_CI_RUNS) || status=1; \
	python3 Fuzz/differential.py --runs $(FUZZ_DIFFERENTIAL_RUNS) $(FUZZ_DIFFERENTIAL_FLAGS) || status=1; \
	exit $$status

## fuzz-regressions: the saved crashing inputs of Fuzz/Regressions, each once
fuzz-regressions:
	bash Fuzz/run.sh regressions

clean:
	rm -rf .build Benchmarks/.build Fuzz/.build
