# devmap-lint — static analysis for the ZONE_DEVICE refcount transition.
#
#   make deps     install the Debian packages the project needs (apt-get)
#   make          build build/devmap_lint.so and build/devmap-lint-clang
#   make kernel   provide the configured Linux tree (scripts/kernel-tree;
#                 KERNEL=6.12 for the 6.12 LTS tree, default 6.1)
#   make check    run every test; ends with "N passed, N failed"
#   make check-unit  the unit tier only (plugin, cocci fixtures, C tools):
#                 no kernel tree; 55-62 s wall, about 106 s CPU on 2
#                 quiet cores (README, Tests)
#   make demo     deps + build + kernel tree, then the main job on that tree
#   make bench    time the plugin against the plain build, as ratios
#   make install  install devmap-lint under $(PREFIX)

PREFIX     ?= /usr/local
CXX        ?= g++
HOSTCC     ?= gcc
PLUGIN_INC := $(shell $(HOSTCC) -print-file-name=plugin)/include
CXXFLAGS   ?= -O2 -g
PLUGIN_CXXFLAGS := -std=gnu++14 -fPIC -fno-rtti -fno-exceptions \
	-Wall -Wno-unused-parameter -Wno-format-diag \
	-I$(PLUGIN_INC) -Iplugin

# plugin/clang-*.c is the libclang front end (build/devmap-lint-clang), not the plugin.
PLUGIN_SRC := $(filter-out plugin/clang-%.c,$(wildcard plugin/*.c))
PLUGIN_OBJ := $(PLUGIN_SRC:plugin/%.c=build/plugin/%.o)

# The plugin headers must match the gcc that builds kernels here.
GCC_MAJOR := $(shell $(HOSTCC) -dumpversion 2>/dev/null | cut -d. -f1)
DEBIAN_PACKAGES := gcc g++ make gcc-$(or $(GCC_MAJOR),12)-plugin-dev coccinelle sparse \
	libclang-dev flex bison bc libelf-dev libssl-dev cpio xz-utils git python3 \
	patch util-linux linux-source-6.1 linux-source-6.12 clang lld llvm valgrind

all: build/devmap_lint.so build/devmap-report build/devmap-patch build/devmap-lint-clang

# The command's logic in C: report writing (text/json/sarif, baseline) and
# patch handling (files, added lines, post-images, checkpatch format).
build/devmap-%: scripts/devmap-%.c scripts/devmap-util.h | build/plugin
	$(HOSTCC) -O2 -g -Wall -Wextra -o $@ $<

# Linked aside and renamed: compilers running with the old plugin keep it.
build/devmap_lint.so: $(PLUGIN_OBJ)
	$(CXX) -shared -o $@.tmp $^
	mv -f $@.tmp $@

build/plugin/%.o: plugin/%.c plugin/core.h plugin/gcc-common.h plugin/ir.h plugin/ir-paths.h | build/plugin
	@test -d $(PLUGIN_INC) || { echo "error: GCC plugin headers missing ($(PLUGIN_INC)): run 'make deps'" >&2; exit 2; }
	$(CXX) $(PLUGIN_CXXFLAGS) $(CXXFLAGS) -x c++ -c -o $@ $<

build/plugin:
	mkdir -p $@

# The libclang engine: the front end (plugin/clang-*.c) and the rules'
# judgement (plugin/ir-*.c, the same sources the plugin compiles as C++),
# as C against libclang's C API.
LLVM_CONFIG ?= $(firstword $(shell command -v llvm-config-14 llvm-config 2>/dev/null))
CLANG_CFLAGS := -I$(shell $(LLVM_CONFIG) --includedir 2>/dev/null) \
	-DLIBCLANG_MAJOR='"$(shell $(LLVM_CONFIG) --version 2>/dev/null | cut -d. -f1)"'
CLANG_LIBS := -L$(shell $(LLVM_CONFIG) --libdir 2>/dev/null) -lclang \
	-Wl,-rpath,$(shell $(LLVM_CONFIG) --libdir 2>/dev/null)
CLANG_SRC := $(wildcard plugin/clang-*.c) $(wildcard plugin/ir-*.c)
build/devmap-lint-clang: $(CLANG_SRC) plugin/ir.h plugin/ir-paths.h plugin/clang-front.h plugin/clang-core.h plugin/clang-cfg.h | build/plugin
	@test -n "$(LLVM_CONFIG)" || { echo "error: llvm-config missing (libclang-dev): run 'make deps'" >&2; exit 2; }
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter $(CLANG_CFLAGS) -Iplugin \
		-o $@ $(CLANG_SRC) $(CLANG_LIBS)

# The worked example of rules/README.md (rules/example/): the core and the
# example rule in a plugin of their own, never installed; plugin-unit tests it.
EXAMPLE_OBJ := $(filter build/plugin/core-%.o build/plugin/ir-%.o build/plugin/devmap_lint.o,$(PLUGIN_OBJ)) \
	build/example/rule-toy-ref.o
build/example/devmap_lint.so: $(EXAMPLE_OBJ)
	$(CXX) -shared -o $@ $^

build/example/%.o: rules/example/%.c plugin/core.h plugin/gcc-common.h plugin/ir.h plugin/ir-paths.h
	@mkdir -p build/example
	$(CXX) $(PLUGIN_CXXFLAGS) $(CXXFLAGS) -x c++ -c -o $@ $<

deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "deps: installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "deps: all Debian packages present"; \
	fi

kernel:
	scripts/kernel-tree

# The real-tree suites run on both corpora: Linux 6.1 and 6.12 LTS.
KERNELS ?= 6.1 6.12

check: all
	for v in $(KERNELS); do scripts/kernel-tree --version $$v >/dev/null || exit 2; done
	DEVMAP_LINT_KERNELS="$(KERNELS)" scripts/run-tests

check-unit: all
	scripts/run-tests --unit

bench: all
	scripts/kernel-tree >/dev/null
	for v in $(KERNELS); do scripts/kernel-tree --version $$v >/dev/null || exit 2; \
		echo "== plugin overhead, Linux $$v"; scripts/bench --version $$v || exit 2; \
		echo "== plugin overhead in instructions executed (load-independent), Linux $$v"; \
		scripts/bench --version $$v --instructions mm/hmm.c mm/memremap.c || exit 2; done
	case " $(KERNELS) " in *" 6.12 "*) scripts/kernel-tree --version 6.12 --llvm >/dev/null || exit 2; \
		echo "== libclang check on a clang-built tree (LLVM=1), Linux 6.12"; scripts/bench --version 6.12 --llvm || exit 2 ;; esac
	scripts/bench-command
	for v in $(KERNELS); do echo "== pre-submit, Linux $$v"; scripts/bench-checkpatch --version $$v || exit 2; done
	scripts/bench-module

# The README's first command: everything, then the main job on the tree.
demo: deps
	$(MAKE) all
	scripts/kernel-tree
	scripts/demo

install: all
	install -d $(DESTDIR)$(PREFIX)/lib/devmap-lint/build $(DESTDIR)$(PREFIX)/lib/devmap-lint/scripts \
		$(DESTDIR)$(PREFIX)/lib/devmap-lint/rules $(DESTDIR)$(PREFIX)/lib/devmap-lint/cocci $(DESTDIR)$(PREFIX)/bin
	install -m 644 build/devmap_lint.so $(DESTDIR)$(PREFIX)/lib/devmap-lint/build/
	install -m 755 build/devmap-report build/devmap-patch build/devmap-lint-clang $(DESTDIR)$(PREFIX)/lib/devmap-lint/build/
	install -m 755 scripts/devmap-lint scripts/devmap-lint-cc scripts/devmap-lint-clang-cc scripts/devmap-cocci scripts/devmap-compat scripts/devmap-units scripts/kernel-tree \
		$(DESTDIR)$(PREFIX)/lib/devmap-lint/scripts/
	install -m 644 scripts/kernel-config.fragment scripts/kbuild.bash scripts/spatch-meta.bash $(DESTDIR)$(PREFIX)/lib/devmap-lint/scripts/
	install -m 644 $(filter-out rules/example,$(wildcard rules/*)) $(DESTDIR)$(PREFIX)/lib/devmap-lint/rules/
	install -m 644 cocci/*.cocci cocci/*.h $(DESTDIR)$(PREFIX)/lib/devmap-lint/cocci/
	ln -sf ../lib/devmap-lint/scripts/devmap-lint $(DESTDIR)$(PREFIX)/bin/devmap-lint

clean:
	rm -rf build

.PHONY: all deps kernel check check-unit bench demo install clean
