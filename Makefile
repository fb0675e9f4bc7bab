# khabar — build, test, benchmark, evaluate, install.
#
#   make            build/khabar, build/libkhabar.a, build/libkhabar.so
#   make test       unit tests (cmocka) + CLI tests, normal and ASan+UBSan,
#                   plus a short libFuzzer run when clang is available
#   make demo       install missing Debian packages (as root), build, show
#   make bench      speed against the anchors (ICU, ...)
#   make eval       accuracy figures on ../shared/data
#   make model      retrain the entity tagger from ../shared/data/hiner
#   make install PREFIX=/usr/local
#
# Sources are discovered by folder: every src/<stage>/*.c except src/cli/ is
# part of the library; src/cli/ is the command-line tool.

BUILD   ?= build
CC      ?= cc
PREFIX  ?= /usr/local
SHARED  ?= ../shared
FUZZ_SECONDS ?= 15

CSTD     = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
INCLUDES = -Iinclude $(patsubst %,-I%,$(wildcard src/*))
OPT     ?= -O2 -g
CFLAGS_ALL = $(CSTD) $(WARN) $(INCLUDES) $(OPT) -fPIC $(CFLAGS)
LDLIBS_ALL = -lutf8proc -lstemmer -ljansson -lgumbo -lzstd -lxxhash -lmicrohttpd -lm -lpthread $(LDLIBS)
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC  = $(filter-out src/cli/%,$(wildcard src/*/*.c))
CLI_SRC  = $(wildcard src/cli/*.c)
HDRS     = include/khabar.h $(wildcard src/*/*.h) $(wildcard src/*/*.inc)
TEST_SRC = $(wildcard tests/unit/test_*.c)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)

# the web page's files, embedded into the library as C arrays
WWW      = $(sort $(wildcard src/serve/www/*.*))
GEN_SRC  = $(BUILD)/gen/www.c

LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/www.o
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
SLIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/san/%.o) $(BUILD)/san/gen/www.o
SCLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/san/%.o)
TESTS    = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
STESTS   = $(TEST_SRC:tests/unit/%.c=$(BUILD)/san/tests/%)
FUZZERS  = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

.PHONY: all test unit-tests cli-tests fuzz demo bench eval install clean format deps

all: $(BUILD)/khabar $(BUILD)/libkhabar.a $(BUILD)/libkhabar.so

$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "CC      $<"
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/san/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "CC san  $<"
	@$(CC) $(CFLAGS_ALL) $(SAN) -O1 -c $< -o $@

$(GEN_SRC): $(WWW) scripts/embed.sh
	@mkdir -p $(dir $@)
	@echo "EMBED   $@"
	@sh scripts/embed.sh $@ src/serve/www $(WWW)

$(BUILD)/obj/gen/www.o: $(GEN_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	@echo "CC      $<"
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/san/gen/www.o: $(GEN_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	@echo "CC san  $<"
	@$(CC) $(CFLAGS_ALL) $(SAN) -O1 -c $< -o $@

$(BUILD)/libkhabar.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "AR      $@"
	@rm -f $@ && ar rcs $@ $^

$(BUILD)/libkhabar.so: $(LIB_OBJ)
	@echo "LD      $@"
	@$(CC) -shared -Wl,-soname,libkhabar.so.0 -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/khabar: $(CLI_OBJ) $(BUILD)/libkhabar.a
	@echo "LD      $@"
	@$(CC) -o $@ $(CLI_OBJ) $(BUILD)/libkhabar.a $(LDLIBS_ALL)

$(BUILD)/san/khabar: $(SCLI_OBJ) $(SLIB_OBJ)
	@echo "LD san  $@"
	@$(CC) $(SAN) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libkhabar.a tests/unit/testutil.h
	@mkdir -p $(dir $@)
	@echo "TEST    $@"
	@$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(BUILD)/libkhabar.a -lcmocka $(LDLIBS_ALL)

$(BUILD)/san/tests/%: tests/unit/%.c $(SLIB_OBJ) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	@echo "TEST    $@"
	@$(CC) $(CFLAGS_ALL) $(SAN) -O1 -Itests/unit -o $@ $< $(SLIB_OBJ) -lcmocka $(LDLIBS_ALL)

# libFuzzer targets are built with clang straight from the library sources.
$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(GEN_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	clang $(CSTD) $(INCLUDES) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(LIB_SRC) $(GEN_SRC) $(LDLIBS_ALL)

test: all $(BUILD)/san/khabar $(TESTS) $(STESTS)
	@SHARED=$(SHARED) BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/run.sh $(TESTS) $(STESTS)

fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do n=$$(basename $$f); mkdir -p $(BUILD)/fuzz-corpus/$$n; \
	    echo "fuzzing $$n for $(FUZZ_SECONDS)s"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -artifact_prefix=$(BUILD)/ \
	        $(BUILD)/fuzz-corpus/$$n tests/fuzz/corpus/$$n >/dev/null 2>&1 || exit 1; done

demo:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(BUILD)/khabar

deps:
	@sh scripts/deps.sh

bench: all
	@$(MAKE) --no-print-directory -C bench BUILD=$(abspath $(BUILD)) SHARED=$(abspath $(SHARED))

eval: all
	@SHARED=$(SHARED) BUILD=$(BUILD) sh eval/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	           $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/khabar $(DESTDIR)$(PREFIX)/bin/khabar
	install -m 644 $(BUILD)/libkhabar.a $(DESTDIR)$(PREFIX)/lib/libkhabar.a
	install -m 755 $(BUILD)/libkhabar.so $(DESTDIR)$(PREFIX)/lib/libkhabar.so.0
	ln -sf libkhabar.so.0 $(DESTDIR)$(PREFIX)/lib/libkhabar.so
	install -m 644 include/khabar.h $(DESTDIR)$(PREFIX)/include/khabar.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell sed -n 's/.*KH_VERSION_STRING "\(.*\)"/\1/p' include/khabar.h)|g' \
	    doc/khabar.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/khabar.pc
	install -m 644 doc/khabar.1 $(DESTDIR)$(PREFIX)/share/man/man1/khabar.1

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(HDRS) $(TEST_SRC) $(FUZZ_SRC)

clean:
	rm -rf $(BUILD)

# make bench-quality: known-item retrieval on ../shared/data/news (titles as
# queries: as published, romanized, respelled) for khabar and, in the same
# run, SQLite FTS5, PostgreSQL full-text search and Xapian; installs their
# Debian packages first (bench/quality/deps.sh). Not part of `make test`.
.PHONY: bench-quality
bench-quality: all
	@sh bench/quality/deps.sh
	@SHARED=$(SHARED) BUILD=$(BUILD) /usr/bin/python3 bench/quality/run.py

# make bench-index: build speed, index size and query latency of khabar
# against SQLite FTS5 and Xapian, in the same run and on one core, on a
# seeded corpus generated from the real sentences in ../shared/data
# (bench/index/gen.c; N articles, default 200,000). `make bench-index
# HUGE=1` indexes 1,000,000 articles with khabar alone and reports time and
# peak memory (not for CI). Installs the Debian packages first
# (bench/index/deps.sh). Not part of `make test`.
.PHONY: bench-index
bench-index: all
	@sh bench/index/deps.sh
	@SHARED=$(SHARED) BUILD=$(BUILD) N=$(N) /usr/bin/python3 bench/index/run.py $(if $(HUGE),--huge)

# make model: trains the entity tagger (averaged perceptron) on
# $(SHARED)/data/hiner/dev.conll.gz and regenerates the built-in model,
# src/enrich/ner_model_data.c; prints its sha256 (README lists the one
# committed). Deterministic: the same data gives the same bytes.
.PHONY: model
NER_DATA = $(SHARED)/data/hiner/dev.conll.gz
$(BUILD)/ner_train: eval/ner_train.c $(BUILD)/libkhabar.a
	@echo "LD      $@"
	@$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libkhabar.a $(LDLIBS_ALL)
# First the word clusters, learned from unlabelled text (the news articles,
# the UD sentences and the HiNER tokens, tags unused), then the library is
# rebuilt with them and the tagger trained over them.
NER_TEXT = $(wildcard $(SHARED)/data/news/*.jsonl.gz) $(wildcard $(SHARED)/data/*/dev.conllu.gz) $(NER_DATA)
model: $(BUILD)/ner_train
	@test -f $(NER_DATA) || { echo "make model: $(NER_DATA) not found (the committed model stays)"; exit 1; }
	gzip -dc $(NER_TEXT) | $(BUILD)/ner_train clusters --k 200 --c src/enrich/ner_clusters_data.c
	$(MAKE) $(BUILD)/ner_train
	gzip -dc $(NER_DATA) | $(BUILD)/ner_train train --c src/enrich/ner_model_data.c
	@sha256sum src/enrich/ner_clusters_data.c src/enrich/ner_model_data.c

# make df-table: regenerates src/enrich/df_table.inc, the enricher's
# built-in document frequencies, from the news in ../shared/data/news
# (scripts/df_table.c). The output is sorted and deterministic.
.PHONY: df-table
df-table: all
	@$(CC) $(CSTD) -O2 -Iinclude -o $(BUILD)/df_table scripts/df_table.c $(BUILD)/libkhabar.a $(LDLIBS_ALL)
	@cat $(SHARED)/data/news/*.jsonl.gz | gzip -dc | $(BUILD)/df_table > $(BUILD)/df_table.inc
	@mv $(BUILD)/df_table.inc src/enrich/df_table.inc
	@echo "src/enrich/df_table.inc: $$(grep -c '^    {' src/enrich/df_table.inc) stems"

# make bench-serve: load test of `khabar serve` with wrk on a seeded
# 100,000-article index (bench/serve/run.sh; generated from ../shared/data
# and kept in $TMPDIR/khabar-bench-serve): requests/s, p50 and p99 at 1, 16
# and 64 connections for one- and two-word queries. Not part of `make test`.
.PHONY: bench-serve
bench-serve: all
	@sh bench/serve/deps.sh
	@BUILD=$(BUILD) SHARED=$(SHARED) sh bench/serve/run.sh

# make test-browser: installs what the browser test needs (chromium, a
# Devanagari font, playwright-core from npm) and runs it; `make test` runs
# it too when those are present.
.PHONY: test-browser
test-browser: all
	@sh tests/browser/deps.sh
	@BUILD=$(BUILD) sh tests/browser/run.sh $(BUILD)/khabar
