# Shoal: `make demo` and `make test` work on a fresh Debian 12 machine (they bootstrap first).
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

# The sanitizer build: clang, ASan + UBSan over the whole suite, plus libFuzzer targets.
# -O0 with line tables: a third of -O1's compile time, and stack traces still name lines.
SAN_BUILD ?= build-san
FUZZ_SECONDS ?= 300
SAN_FUZZ_SECONDS ?= 20

.PHONY: all bootstrap build web test-browser demo test bench clean san-build test-sanitize fuzz soak crash

all: build

bootstrap:
	@bash scripts/bootstrap

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: bootstrap $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)
	@$(MAKE) --no-print-directory web

# The dashboard (web/, npm + Vite) into $(BUILD)/web, where `shoal serve` looks beside the binary.
web:
	@bash scripts/bootstrap browser
	@bash scripts/build-web $(BUILD)/web

# Playwright (playwright-core) driving Debian's headless chromium; screenshots in $(BUILD)/browser-artifacts.
test-browser:
	@bash tests/browser/run.sh $(BUILD)/shoal

demo: build
	@bash scripts/demo $(BUILD)/shoal

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600
	@bash tests/cli/run.sh $(BUILD)/shoal
	@bash tests/browser/run.sh $(BUILD)/shoal

bench: build
	@bash bench/run.sh $(BUILD)

# The server under steady simulated load for SOAK_SECONDS (default 300): memory over time and latency.
soak: build
	@bash scripts/soak $(BUILD)/shoal

# The crash test at scale: about a million events into shoal serve, SIGKILLed twenty times.
crash: build
	CRASH_MEMBERS=20000 CRASH_DAYS=110 CRASH_CHUNK=2000 CRASH_KILLS=20 CRASH_SNAPSHOT_EVERY=50000 \
	  bash tests/cli/run.sh $(BUILD)/shoal serve_crash

san-build:
	@bash scripts/bootstrap fuzz
	@[ -f $(SAN_BUILD)/build.ninja ] || CXX=clang++ cmake -S . -B $(SAN_BUILD) -G Ninja -DSHOAL_FUZZ=ON \
	  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only"
	cmake --build $(SAN_BUILD) -j $(JOBS) --target shoal shoal_tests fuzz_targets

# Every unit and scenario test under ASan + UBSan, then a short run of each fuzz target.
test-sanitize: san-build
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 900
	@FUZZ_SEED=1 bash tests/fuzz/run.sh $(SAN_BUILD) $(SAN_FUZZ_SECONDS)

# A longer fuzzing session (FUZZ_SECONDS per target); new crashers land in tests/fuzz/<target>/crashers.
fuzz: san-build
	@bash tests/fuzz/run.sh $(SAN_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
