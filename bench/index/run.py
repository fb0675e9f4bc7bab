#!/usr/bin/env python3
"""run.py — `make bench-index`: index build speed, index size and query
latency of khabar against SQLite FTS5 and Xapian, in the same run, on one
core, on a seeded synthetic corpus built from the real sentences in
$SHARED/data (bench/index/gen.c; default 200,000 articles).

Engines, all on the same articles (id, title, text, date, source):

  khabar             `khabar index IDX --plain --commit-every 50000
                     corpus.jsonl` (every article is cleaned and analysed on
                     the way in: what the build goal is about); queries through `khabar search IDX --batch --json
                     --limit 10`, one line in, one JSON line out, over
                     pipes (stdout line-buffered with stdbuf)
  khabar-enriched    `khabar index` without --plain (enrichment too: dates,
                     keywords, summary, entities, near-duplicate
                     fingerprint), built into a second index and shown as
                     its own row of the build table; not queried
  khabar-nosnip      the same index, searched with --no-snippets as well
                     (ids, scores and titles: what the anchors return)
  sqlite-fts5        one FTS5 table (id UNINDEXED, title, body), tokenizer
                     unicode61 (the default), all rows inserted in one
                     transaction; `... MATCH ? ORDER BY rank LIMIT 10`
                     (bm25), returning id and title
  sqlite-fts5-marks  the same with unicode61 categories 'L* N* Co Mn Mc':
                     the default tokenizer cuts Devanagari words at every
                     vowel sign, this one keeps the words whole
  xapian             TermGenerator without a stemmer (title, then body,
                     with positions), document data = id and title,
                     BM25Weight, top 10

Everything runs pinned to one CPU (the process and its children). Build
figures: CPU time (user + system: the quantity that the other users of a
shared machine disturb least) and wall time, articles/s and MB/s of JSON
Lines input on CPU time, the size of the index on disk, khabar's peak RSS.
The anchors get the articles already parsed into memory, so their build
time leaves out reading JSON, while khabar's includes it.

Queries (default 300, seeded): single words of high, middle and low
document frequency, two-word AND, two-word OR, phrases of 2-3 words, and
romanized words (bench/quality/romanize.py) that khabar gets in Latin
letters and the anchors in Devanagari (they cannot match romanized
Hindi). The words are picked from the corpus itself. Every engine runs the
whole set once to warm up, then --repeat more times, the engines taking
turns pass by pass; a query's latency is the median of its passes. Latency
is wall time around one query: the call in-process for the anchors; for
khabar, from writing the line to reading the whole answer line (the
process is started once, before timing). CPU time per query is measured
too (the thread's for the anchors, khabar's from /proc/PID/schedstat).
The round trip of the same lines through `cat` is printed as the pipe's
own share of khabar's latency.

Goals (the index issue): build speed >= 3x FTS5's, index no larger than
FTS5's, median query latency <= 1/3 of FTS5's (over the whole query set,
on CPU time, with wall time shown next to it; khabar as `--json --limit
10`, with snippets, and --no-snippets shown too); each is checked against
sqlite-fts5 (the default tokenizer) and shown against sqlite-fts5-marks.

--huge (or -n 1000000): indexes 1,000,000 articles with khabar alone under
/usr/bin/time -v and reports time and peak memory (not for CI), then runs
the query set on that index.

usage: run.py [-n N] [--seed N] [--queries N] [--repeat N]
              [--engines khabar,sqlite-fts5,...] [--huge] [--plain-only] [--cpu N]
              [--tmp DIR] [--keep] [--shared DIR] [--build DIR]
"""

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "quality"))
import romanize  # noqa: E402

K = 10
COMMIT_EVERY = 50000
ENGINES = ("khabar", "sqlite-fts5", "sqlite-fts5-marks", "xapian")
FTS5_TOKENIZERS = {"sqlite-fts5": "unicode61",
                   "sqlite-fts5-marks": "unicode61 categories 'L* N* Co Mn Mc'"}
# query classes and their share of the set
CLASSES = (("word-high", 40), ("word-mid", 40), ("word-low", 40), ("and", 45),
           ("or", 45), ("phrase", 45), ("roman", 45))
GOAL_BUILD, GOAL_SIZE, GOAL_LATENCY = 3.0, 1.0, 1 / 3


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def mb(n):
    return n / 1e6


def dir_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def cpu_self():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def pct(values, p):
    """The p-th percentile (0..100) with linear interpolation."""
    v = sorted(values)
    if not v:
        return float("nan")
    x = (len(v) - 1) * p / 100
    lo = int(x)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (x - lo)


# ------------------------------------------------------------- corpus


def build_gen(build):
    """Compiles bench/index/gen.c into BUILD/bench/index-gen when stale."""
    src = os.path.join(HERE, "gen.c")
    out = os.path.join(build, "bench", "index-gen")
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
        return out
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [os.environ.get("CC", "cc"), "-std=c11", "-D_POSIX_C_SOURCE=200809L",
           "-D_DEFAULT_SOURCE", "-Wall", "-Wextra", "-Werror", "-O2", "-g",
           "-o", out, src, "-ljansson", "-lz", "-lm"]
    log("bench-index: " + " ".join(cmd))
    subprocess.run(cmd, check=True)
    return out


def generate(gen, shared, n, seed, path):
    t0 = time.perf_counter()
    p = subprocess.run([gen, "-n", str(n), "-s", str(seed), "--shared", shared,
                        "-o", path, "--stats"], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"bench-index: the generator failed: {p.stderr.strip()}")
    lines = p.stderr.strip().splitlines()
    growth = [ln for ln in lines if re.match(r"gen: \d+ articles \d+ tokens", ln)]
    return time.perf_counter() - t0, lines[-1], growth


def load_docs(path, limit=0):
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs.append((d["id"], d["title"], d["text"]))
            if limit and len(docs) >= limit:
                break
    return docs


# ------------------------------------------------------------ queries

DEVA_WORD = re.compile("^[\u0900-\u0963\u0970-\u097f]+$")
NUKTA = "\u093c"


def plain_word(w):
    """A word every engine reads as one word the same way: Devanagari
    letters and signs only, no nukta (khabar folds it), 2+ code points."""
    return len(w) >= 2 and NUKTA not in w and DEVA_WORD.match(w) is not None


def make_queries(docs, total, seed):
    """[(class, devanagari query words, khabar text)] — the words as a list
    (for the anchors' own syntax) and khabar's query line."""
    rng = random.Random(seed)
    sample = docs[:20000]
    n = len(sample)
    df = {}
    doc_words = []
    for _, title, text in sample:
        ws = set(w for w in (title + " " + text).split() if plain_word(w))
        doc_words.append(ws)
        for w in ws:
            df[w] = df.get(w, 0) + 1
    ranked = sorted(df)  # a fixed order before sampling
    high = [w for w in ranked if df[w] >= 0.05 * n]
    mid = [w for w in ranked if 0.001 * n <= df[w] < 0.05 * n and df[w] >= 3]
    low = [w for w in ranked if df[w] < max(0.001 * n, 3)]
    scale = total / sum(c for _, c in CLASSES)
    counts = {c: max(1, round(k * scale)) for c, k in CLASSES}
    out = []

    def add(cls, words, khabar_line):
        out.append((cls, words, khabar_line))

    for w in rng.sample(high, min(counts["word-high"], len(high))):
        add("word-high", [w], w)
    for w in rng.sample(mid, min(counts["word-mid"], len(mid))):
        add("word-mid", [w], w)
    for w in rng.sample(low, min(counts["word-low"], len(low))):
        add("word-low", [w], w)
    # AND: two words of one article, neither very rare nor in nearly all
    andable = set(w for w in ranked if 0.001 * n <= df[w] <= 0.3 * n)
    got = tries = 0
    while got < counts["and"] and tries < 1000 * counts["and"]:
        tries += 1
        ws = sorted(doc_words[rng.randrange(n)] & andable)
        if len(ws) >= 2:
            a, b = rng.sample(ws, 2)
            add("and", [a, b], f"{a} AND {b}")
            got += 1
    for _ in range(counts["or"]):
        a, b = rng.sample(mid, 2)
        add("or", [a, b], f"{a} OR {b}")
    # phrases: 2-3 words in a row in an article's text
    got = tries = 0
    while got < counts["phrase"] and tries < 1000 * counts["phrase"]:
        tries += 1
        toks = sample[rng.randrange(n)][2].split()
        k = rng.choice((2, 3))
        if len(toks) < k:
            continue
        i = rng.randrange(len(toks) - k + 1)
        ph = toks[i:i + k]
        if all(plain_word(w) for w in ph) and len(set(ph)) == k:
            add("phrase", ph, '"' + " ".join(ph) + '"')
            got += 1
    # romanized: words of middle and high frequency, in Latin letters
    pool = mid + high
    got = tries = 0
    while got < counts["roman"] and tries < 100 * counts["roman"]:
        tries += 1
        w = rng.choice(pool)
        r = romanize.romanize_title(w, romanize.seeded_rng(seed, w))
        if re.fullmatch("[a-z]+", r or "") and r.upper() not in ("AND", "OR", "NOT"):
            add("roman", [w], r)
            got += 1
    return out, {"high": len(high), "mid": len(mid), "low": len(low), "sample": n}


# ------------------------------------------------------------ engines


class Khabar:
    def __init__(self, build, tmp):
        self.bin = os.path.join(build, "khabar")
        self.idx = os.path.join(tmp, "khabar.idx")  # --plain: the one queried
        if not os.access(self.bin, os.X_OK):
            raise SystemExit(f"bench-index: {self.bin} is not built (make BUILD={build} all)")
        self.procs = {}

    def build(self, corpus, idx, plain):
        """Runs `khabar index` (with --plain when plain) into idx under
        /usr/bin/time -v; returns (wall s, CPU s, peak RSS bytes, time's
        report). time(1) forks khabar itself, so the peak RSS is khabar's
        own, not that of this (large) process."""
        cmd = ["/usr/bin/time", "-v", self.bin, "index", idx, "--commit-every",
               str(COMMIT_EVERY), "--quiet", *(["--plain"] if plain else []), corpus]
        with tempfile.TemporaryFile() as errf:
            t0 = time.perf_counter()
            p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=errf)
            wall = time.perf_counter() - t0
            errf.seek(0)
            err = errf.read().decode(errors="replace")
        if p.returncode != 0:
            raise RuntimeError(f"khabar index exited {p.returncode}: {err.strip()[-800:]}")

        def field(name):
            m = re.search(r"^\s*" + re.escape(name) + r".*: (\S+)$", err, re.M)
            if not m:
                raise RuntimeError(f"no {name!r} in /usr/bin/time's report: {err[-500:]}")
            return m.group(1)
        cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
        return wall, cpu, int(field("Maximum resident set size (kbytes)")) * 1024, \
            field("Elapsed (wall clock) time")

    def stats(self, idx):
        p = subprocess.run([self.bin, "stats", idx], capture_output=True, text=True)
        st = {}
        for ln in p.stdout.splitlines():
            k, _, v = ln.partition("\t")
            st[k] = v
        return st

    def start(self, name, extra):
        p = subprocess.Popen(["stdbuf", "-oL", self.bin, "search", self.idx, "--batch",
                              "--json", "--limit", str(K), *extra],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.procs[name] = Piped(p)
        return self.procs[name]

    def close(self):
        for p in self.procs.values():
            p.close()
        self.procs = {}


class Piped:
    """A line-in, line-out child process timed per line."""

    def __init__(self, p):
        self.p = p
        self.fi, self.fo = p.stdin.fileno(), p.stdout.fileno()
        self.sched = f"/proc/{p.pid}/schedstat"
        self.pending = b""

    def cpu_ns(self):
        with open(self.sched) as f:
            return int(f.read().split()[0])

    def ask(self, line):
        """-> (wall ns, cpu ns, answer bytes)"""
        data = line.encode() + b"\n"
        c0 = self.cpu_ns()
        t0 = time.perf_counter_ns()
        os.write(self.fi, data)
        buf = self.pending
        while True:
            i = buf.find(b"\n")
            if i >= 0:
                break
            chunk = os.read(self.fo, 1 << 20)
            if not chunk:
                raise RuntimeError("the search process ended early")
            buf += chunk
        t1 = time.perf_counter_ns()
        c1 = self.cpu_ns()
        self.pending = buf[i + 1:]
        return t1 - t0, c1 - c0, buf[:i]

    def close(self):
        try:
            self.p.stdin.close()
            self.p.wait(timeout=30)
        except Exception:
            self.p.kill()


class KhabarSearch:
    def __init__(self, kh, name, extra):
        self.name = name
        self.proc = kh.start(name, extra)
        self.errors = []

    def query(self, q):
        cls, words, line = q
        wall, cpu, ans = self.proc.ask(line)
        r = json.loads(ans)
        if "error" in r and len(self.errors) < 5:
            self.errors.append(f"{line!r}: {r['error']}")
        return wall, cpu, len(r.get("hits", []))


class Fts5:
    def __init__(self, name, tmp):
        self.name = name
        self.path = os.path.join(tmp, name + ".db")
        self.tokenizer = FTS5_TOKENIZERS[name]
        self.db = sqlite3.connect(self.path)
        self.errors = []

    def build(self, docs):
        tok = self.tokenizer.replace('"', '""')
        self.db.execute(f'CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, '
                        f'tokenize="{tok}")')
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO docs(id, title, body) VALUES (?, ?, ?)", docs)
        self.db.commit()

    def size(self):
        return sum(os.path.getsize(self.path + s) for s in ("", "-wal", "-journal")
                   if os.path.exists(self.path + s))

    @staticmethod
    def expr(q):
        cls, words, _ = q
        quoted = ['"' + w.replace('"', '""') + '"' for w in words]
        if cls == "and":
            return " AND ".join(quoted)
        if cls == "or":
            return " OR ".join(quoted)
        if cls == "phrase":
            return '"' + " ".join(words) + '"'
        return quoted[0]

    def prepare(self, queries):
        self.exprs = [self.expr(q) for q in queries]

    def query_i(self, i):
        t0 = time.perf_counter_ns()
        c0 = time.thread_time_ns()
        rows = self.db.execute("SELECT id, title FROM docs WHERE docs MATCH ? "
                               "ORDER BY rank LIMIT ?", (self.exprs[i], K)).fetchall()
        c1 = time.thread_time_ns()
        t1 = time.perf_counter_ns()
        return t1 - t0, c1 - c0, len(rows)

    def close(self):
        self.db.close()


class Xapian:
    name = "xapian"

    def __init__(self, tmp):
        import xapian
        self.x = xapian
        self.version = xapian.version_string()
        self.path = os.path.join(tmp, "xapian")
        self.db = xapian.WritableDatabase(self.path, xapian.DB_CREATE_OR_OVERWRITE)
        self.tg = xapian.TermGenerator()  # no stemmer: Xapian has none for Hindi
        self.errors = []

    def build(self, docs):
        x, tg, db = self.x, self.tg, self.db
        for i, title, text in docs:
            d = x.Document()
            tg.set_document(d)
            tg.index_text(title)
            tg.increase_termpos()
            tg.index_text(text)
            d.set_data(i + "\t" + title)
            db.add_document(d)
        db.commit()

    def size(self):
        return dir_bytes(self.path)

    def terms(self, text):
        scratch = self.x.Document()
        self.tg.set_document(scratch)
        self.tg.index_text(text)
        # in position order, so a word split into several terms stays a phrase
        pos = []
        for t in scratch.termlist():
            for p in t.positer:
                pos.append((p, t.term))
        return [t.decode() for _, t in sorted(pos)]

    def word_query(self, w):
        x = self.x
        ts = self.terms(w)
        if len(ts) == 1:
            return x.Query(ts[0])
        return x.Query(x.Query.OP_PHRASE, [x.Query(t) for t in ts])

    def prepare(self, queries):
        x = self.x
        self.enq = x.Enquire(self.db)
        self.enq.set_weighting_scheme(x.BM25Weight())
        self.qs = []
        for cls, words, _ in queries:
            if cls == "and":
                q = x.Query(x.Query.OP_AND, [self.word_query(w) for w in words])
            elif cls == "or":
                q = x.Query(x.Query.OP_OR, [self.word_query(w) for w in words])
            elif cls == "phrase":
                q = x.Query(x.Query.OP_PHRASE,
                            [x.Query(t) for t in self.terms(" ".join(words))])
            else:
                q = self.word_query(words[0])
            self.qs.append(q)

    def query_i(self, i):
        t0 = time.perf_counter_ns()
        c0 = time.thread_time_ns()
        self.enq.set_query(self.qs[i])
        hits = [m.document.get_data() for m in self.enq.get_mset(0, K)]
        c1 = time.thread_time_ns()
        t1 = time.perf_counter_ns()
        return t1 - t0, c1 - c0, len(hits)

    def close(self):
        self.db.close()


# ------------------------------------------------------------ latency


def run_queries(searchers, queries, repeat):
    """{engine: [(wall ns, cpu ns, hits)] per query}: one warm-up pass, then
    `repeat` passes with the engines taking turns; the median of each
    query's passes."""
    samples = {s.name: [[] for _ in queries] for s in searchers}
    hits = {s.name: [0] * len(queries) for s in searchers}
    for r in range(repeat + 1):
        for s in searchers:
            for i, q in enumerate(queries):
                wall, cpu, nh = s.query_i(i) if hasattr(s, "query_i") else s.query(q)
                if r:
                    samples[s.name][i].append((wall, cpu))
                hits[s.name][i] = nh
    out = {}
    for name, per in samples.items():
        out[name] = [(statistics.median(w for w, _ in ps), statistics.median(c for _, c in ps),
                      hits[name][i]) for i, ps in enumerate(per)]
    return out


def pipe_floor(queries, repeat):
    """Median round trip of the query lines through `cat` (ns)."""
    p = Piped(subprocess.Popen(["stdbuf", "-oL", "cat"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE))
    ts = []
    for r in range(repeat + 1):
        for _, _, line in queries:
            wall, _, _ = p.ask(line)
            if r:
                ts.append(wall)
    p.close()
    return statistics.median(ts)


def latency_table(lat, queries, names, which=0):
    """Rows (class, {engine: (median ms, p99 ms)}) for wall (which=0) or
    cpu (which=1) times."""
    classes = [c for c, _ in CLASSES] + ["all"]
    rows = []
    for c in classes:
        idx = [i for i, q in enumerate(queries) if c == "all" or q[0] == c]
        if not idx:
            continue
        row = {}
        for n in names:
            v = [lat[n][i][which] / 1e6 for i in idx]
            row[n] = (statistics.median(v), pct(v, 99))
        rows.append((c, len(idx), row))
    return rows


# --------------------------------------------------------------- main


def fmt_ratio(x):
    return f"{x:.2f}" if x == x else "-"


def main():
    ap = argparse.ArgumentParser(description="index speed benchmark")
    ap.add_argument("-n", "--docs", type=int, default=int(os.environ.get("N") or 200000))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--engines", default="", help="comma-separated subset of " + ",".join(ENGINES))
    ap.add_argument("--huge", action="store_true",
                    help="1,000,000 articles, khabar alone, time and peak memory")
    ap.add_argument("--cpu", type=int, default=-1, help="the CPU to pin to (default: the last allowed)")
    ap.add_argument("--plain-only", action="store_true",
                    help="leave out the enriched khabar build (about ten times longer than --plain)")
    ap.add_argument("--tmp", default=os.environ.get("TMPDIR", "/tmp"))
    ap.add_argument("--keep", action="store_true", help="keep the corpus and indexes")
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    args = ap.parse_args()
    t_start = time.time()

    shared = os.path.abspath(args.shared)
    build = os.path.abspath(args.build)
    if args.huge:
        args.docs = 1000000
    huge = args.huge or args.docs >= 1000000
    names = [e for e in args.engines.split(",") if e] or (["khabar"] if huge else list(ENGINES))
    for n in names:
        if n not in ENGINES:
            raise SystemExit(f"bench-index: unknown engine {n!r} (have {', '.join(ENGINES)})")

    allowed = sorted(os.sched_getaffinity(0))
    cpu = args.cpu if args.cpu >= 0 else allowed[-1]
    os.sched_setaffinity(0, {cpu})  # children inherit it

    gen = build_gen(build)
    tmp = tempfile.mkdtemp(prefix="khabar-bench-index-", dir=args.tmp)
    engines = []

    def cleanup():
        for e in engines:
            try:
                e.close()
            except Exception:
                pass
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    def on_signal(signum, frame):
        cleanup()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        return bench(args, names, huge, shared, build, gen, tmp, cpu, engines, t_start)
    finally:
        cleanup()
        if args.keep:
            log(f"bench-index: kept {tmp}")


def bench(args, names, huge, shared, build, gen, tmp, cpu, engines, t_start):
    corpus = os.path.join(tmp, "corpus.jsonl")
    log(f"bench-index: generating {args.docs} articles (seed {args.seed})")
    t_gen, gen_line, growth = generate(gen, shared, args.docs, args.seed, corpus)
    size = os.path.getsize(corpus)
    print(f"corpus: {args.docs} articles, {mb(size):.1f} MB of JSON Lines, seed {args.seed}, "
          f"generated in {t_gen:.1f} s")
    print("  " + gen_line.replace("gen: ", "generator: "))
    if growth:
        last = growth[-1].split()
        print(f"  vocabulary: {int(last[5]):,} word types in {int(last[3]):,} tokens "
              f"(Heaps: " + ", ".join(
                  f"{g.split()[1]} art. {int(g.split()[5]):,}" for g in growth
                  if g.split()[1] in ("1000", "10000", "100000", "1000000")) + ")")
    print(f"one core: every engine pinned to CPU {cpu}; {os.cpu_count()} CPUs on this machine, "
          f"load average {os.getloadavg()[0]:.2f} at the start")

    builds = {}  # name -> dict
    versions = [f"SQLite {sqlite3.sqlite_version}"] if any(
        n.startswith("sqlite") for n in names) else []
    kh = None
    if "khabar" in names:  # first, while this process is still small
        kh = Khabar(build, tmp)
        engines.append(kh)
        # the goal row indexes with --plain (cleaning and analysis, as the
        # issue states it); the enriched build is timed too, as its own row
        # (not for --huge, where it would double a long run)
        runs = [("khabar", kh.idx, True)]
        if not huge and not args.plain_only:
            runs.append(("khabar-enriched", os.path.join(tmp, "khabar-enriched.idx"), False))
        for name, idx, plain in runs:
            log(f"bench-index: {name} index")
            wall, cpu_s, rss, elapsed = kh.build(corpus, idx, plain)
            st = kh.stats(idx)
            builds[name] = {"wall": wall, "cpu": cpu_s, "size": dir_bytes(idx),
                            "rss": rss, "elapsed": elapsed, "stats": st}
            if int(st.get("documents", "0")) != args.docs:
                print(f"{name}: the index holds {st.get('documents')} of {args.docs} articles")
            if not plain:
                shutil.rmtree(idx, ignore_errors=True)

    # the anchors get the articles parsed; the query set is drawn from the
    # first 20,000 articles
    log("bench-index: reading the corpus back")
    anchors = [n for n in names if n != "khabar"]
    docs = load_docs(corpus) if anchors else None
    queries, bands = make_queries(docs if docs else load_docs(corpus, 20000),
                                  args.queries, args.seed)
    for n in names:
        if n == "khabar":
            continue
        if n.startswith("sqlite"):
            e = Fts5(n, tmp)
        else:
            e = Xapian(tmp)
            versions.append("Xapian " + e.version)
        engines.append(e)
        log(f"bench-index: {n} build")
        c0, t0 = cpu_self(), time.perf_counter()
        e.build(docs)
        builds[n] = {"wall": time.perf_counter() - t0, "cpu": cpu_self() - c0,
                     "size": e.size()}
    del docs

    # ---------------------------------------------------- build table
    print(f"anchors: {'; '.join(versions) or 'none'}")
    print()
    print(f"build, one core ({args.docs} articles, {mb(size):.0f} MB)")
    print(f"{'engine':<18} {'CPU s':>8} {'wall s':>8} {'art/s':>8} {'MB/s':>7} "
          f"{'index MB':>9} {'% input':>8} {'peak RSS':>9}")
    rows = [r for n in names for r in
            ([n, "khabar-enriched"] if n == "khabar" and "khabar-enriched" in builds else [n])]
    for n in rows:
        b = builds[n]
        aps = args.docs / b["cpu"] if b["cpu"] else float("nan")
        rss = f"{mb(b['rss']):.0f} MB" if "rss" in b else "-"
        print(f"{n:<18} {b['cpu']:8.1f} {b['wall']:8.1f} {aps:8.0f} "
              f"{mb(size) / b['cpu']:7.1f} {mb(b['size']):9.1f} "
              f"{100 * b['size'] / size:7.1f}% {rss:>9}")
    print("(art/s and MB/s on CPU time; the anchors' times leave out JSON parsing; "
          "khabar = `khabar index --plain`, khabar-enriched = with enrichment)")
    if kh and huge:
        print("(khabar-enriched is not built with --huge)")
    if kh:
        st = builds["khabar"]["stats"]
        parts = [(k, int(st[k])) for k in ("dictionary_bytes", "postings_bytes", "store_bytes")
                 if k in st]
        if parts:
            tot = builds["khabar"]["size"]
            print("khabar index: " + ", ".join(
                f"{k.replace('_bytes', '')} {mb(v):.1f} MB ({100 * v / tot:.0f}%)"
                for k, v in parts) + f"; other {mb(tot - sum(v for _, v in parts)):.1f} MB; "
                f"{st.get('terms', '?')} terms in {st.get('segments', '?')} segment(s)")
        b = builds["khabar"]
        print(f"khabar index under /usr/bin/time -v: elapsed {b['elapsed']}, "
              f"maximum resident set size {mb(b['rss']):.0f} MB")
    print()

    # ---------------------------------------------------- queries
    searchers = []
    if kh:
        searchers.append(KhabarSearch(kh, "khabar", []))
        searchers.append(KhabarSearch(kh, "khabar-nosnip", ["--no-snippets"]))
    for e in engines:
        if isinstance(e, (Fts5, Xapian)):
            e.prepare(queries)
            searchers.append(e)
    log(f"bench-index: {len(queries)} queries x {args.repeat + 1} passes")
    lat = run_queries(searchers, queries, args.repeat)
    floor = pipe_floor(queries, args.repeat) if kh else None
    qnames = [s.name for s in searchers]
    counts = {c: sum(1 for q in queries if q[0] == c) for c, _ in CLASSES}
    print(f"queries: {len(queries)} (" + ", ".join(f"{c} {k}" for c, k in counts.items())
          + f"), seed {args.seed}; words from the first {bands['sample']} articles: "
          f"high = in >= 5% of them ({bands['high']} words), mid = 0.1-5% ({bands['mid']}), "
          f"low = rarer ({bands['low']}); khabar gets `a AND b`, `a OR b`, "
          f"\"phrases\" and romanized words, the anchors the same in their syntax "
          f"and the Devanagari word for a romanized one")
    for which, label in ((0, "wall"), (1, "CPU")):
        print()
        print(f"query latency, {label} time, ms: median / p99 over the queries of a class "
              f"(each query: median of {args.repeat} passes after a warm-up)")
        head = f"{'class':<10} {'n':>4} " + " ".join(f"{n:>19}" for n in qnames)
        print(head)
        for c, nq, row in latency_table(lat, queries, qnames, which):
            print(f"{c:<10} {nq:>4} " + " ".join(
                f"{row[n][0]:8.3f} / {row[n][1]:8.3f}" for n in qnames))
    if floor is not None:
        print(f"(khabar's wall times include a pipe round trip: the same lines through "
              f"`cat` take {floor / 1e3:.0f} us, median)")
    print()
    print("queries with at least one hit: " + ", ".join(
        f"{n} {sum(1 for x in lat[n] if x[2] > 0)}/{len(queries)}" for n in qnames))
    for s in searchers:
        for msg in s.errors[:3]:
            print(f"{s.name}: query error {msg}")

    # ---------------------------------------------------- ratios, goals
    if kh and len(names) > 1:
        print()
        print("ratios khabar / anchor, below 1 is better for khabar (build: CPU time; "
              "latency: the class medians, CPU time, then wall time)")
        cpu_rows = latency_table(lat, queries, qnames, 1)
        wall_rows = latency_table(lat, queries, qnames, 0)
        others = [n for n in names if n != "khabar"]
        print(f"{'':<26}" + " ".join(f"{n:>18}" for n in others))
        kb = builds["khabar"]
        print(f"{'build CPU time':<26}" + " ".join(
            f"{kb['cpu'] / builds[n]['cpu']:18.2f}" for n in others))
        if "khabar-enriched" in builds:
            ke = builds["khabar-enriched"]
            print(f"{'build CPU time, enriched':<26}" + " ".join(
                f"{ke['cpu'] / builds[n]['cpu']:18.2f}" for n in others))
        print(f"{'index size':<26}" + " ".join(
            f"{kb['size'] / builds[n]['size']:18.2f}" for n in others))
        for kname in ("khabar", "khabar-nosnip"):
            for c, nq, row in cpu_rows:
                print(f"{kname + ' ' + c:<26}" + " ".join(
                    f"{row[kname][0] / row[n][0]:18.2f}" for n in others))
            row = wall_rows[-1][2]
            print(f"{kname + ' all (wall)':<26}" + " ".join(
                f"{row[kname][0] / row[n][0]:18.2f}" for n in others))
        print()
        call = cpu_rows[-1][2]
        wall = wall_rows[-1][2]
        for ref in [n for n in ("sqlite-fts5", "sqlite-fts5-marks") if n in names]:
            tag = "the goals" if ref == "sqlite-fts5" else "shown, not the goals"
            speed = builds[ref]["cpu"] / kb["cpu"]
            sz = kb["size"] / builds[ref]["size"]
            lt = call["khabar"][0] / call[ref][0]
            print(f"vs {ref} ({tag}):")
            print(f"  build speed >= 3x FTS5: {'PASS' if speed >= GOAL_BUILD else 'MISS'} "
                  f"({speed:.2f}x: {args.docs / kb['cpu']:.0f} against "
                  f"{args.docs / builds[ref]['cpu']:.0f} articles per CPU second, "
                  f"khabar index --plain)")
            if "khabar-enriched" in builds:
                ke = builds["khabar-enriched"]
                print(f"  (enriched build, not the goal: {builds[ref]['cpu'] / ke['cpu']:.2f}x, "
                      f"{args.docs / ke['cpu']:.0f} articles per CPU second)")
            print(f"  index size <= FTS5: {'PASS' if sz <= GOAL_SIZE else 'MISS'} "
                  f"({sz:.2f}x: {mb(kb['size']):.0f} MB against {mb(builds[ref]['size']):.0f} MB)")
            print(f"  median latency <= 1/3 of FTS5: {'PASS' if lt <= GOAL_LATENCY else 'MISS'} "
                  f"({lt:.2f}x CPU, {wall['khabar'][0] / wall[ref][0]:.2f}x wall; "
                  f"with --no-snippets {call['khabar-nosnip'][0] / call[ref][0]:.2f}x CPU, "
                  f"{wall['khabar-nosnip'][0] / wall[ref][0]:.2f}x wall)")
    print(f"run time: {time.time() - t_start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
