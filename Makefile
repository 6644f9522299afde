# Shoal: `make demo` and `make test` work on a fresh Debian 12 machine (they bootstrap first).
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all bootstrap build demo test bench clean

all: build

bootstrap:
	@bash scripts/bootstrap

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: bootstrap $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@bash scripts/demo $(BUILD)/shoal

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600
	@bash tests/cli/run.sh $(BUILD)/shoal

bench: build
	@bash bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD)
