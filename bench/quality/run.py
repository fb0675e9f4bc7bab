#!/usr/bin/env python3
"""run.py — `make bench-quality`: known-item retrieval on real Hindi news.

Every article of $SHARED/data/news/*.jsonl.gz is indexed by its text
without its title (a first line of the text that repeats the title is
dropped too, since one source starts every text with its headline). Each
title is then a query whose one right answer is its own article (or every
article with the same title), asked three ways:

  original   the title as published;
  romanized  the title as people type it in Latin letters (romanize.py);
  respelled  the title in Hindi's other spellings (respell.py): nukta
             dropped or added, anusvara <-> nasal + virama, candrabindu <->
             anusvara.

Engines, all on the same documents in the same run:

  khabar                 `khabar index IDX` then `khabar search IDX --batch
                         --json --limit 10`, the title as the query line;
  sqlite-fts5            SQLite FTS5, tokenizer unicode61 (the default),
                         bm25 ranking;
  sqlite-fts5-marks      the same with categories 'L* N* Co Mn Mc', so that
                         Devanagari vowel signs stay inside words;
  pg-simple, pg-hindi    PostgreSQL full-text search (to_tsvector with the
                         `simple` and `hindi` configurations, GIN index,
                         ts_rank with normalization 1: the rank divided by
                         1 + log(document length), by far the best of its
                         normalizations here), on a private cluster that
                         listens on a Unix socket in a temporary folder only;
  xapian-bm25            Xapian TermGenerator (no stemmer) + BM25Weight.

Each anchor gets the title's words OR-ed together, tokenized its own way:
FTS5 gets every whitespace-separated word as a quoted string (FTS5 splits
it with its tokenizer into a phrase, as it does any bare word); PostgreSQL
gets the lexemes of to_tsvector(config, title) joined with |; Xapian gets
the terms its TermGenerator makes of the title, joined with OP_OR.

Prints MRR@10, Recall@1 and Recall@10 per engine and query set, then one
line per query set saying whether khabar leads every engine (higher MRR@10
than each), and whether it reaches MRR@10 >= 0.6 on romanized titles.
Exit status: non-zero when something fails (a missing dependency of an
anchor, an engine that crashes); a missed goal only with --strict.

usage: run.py [--shared DIR] [--build DIR] [--seed N] [--docs N]
              [--engines NAME,...] [--show N] [--strict] [--selftest]
"""

import argparse
import glob
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import respell  # noqa: E402
import romanize  # noqa: E402

K = 10
VARIANTS = ("original", "romanized", "respelled")
ROMAN_GOAL = 0.6


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------- corpus


def ws(s):
    return " ".join(s.split())


def load_corpus(shared, max_docs=0):
    files = sorted(glob.glob(os.path.join(shared, "data", "news", "*.jsonl.gz")))
    if not files:
        raise SystemExit(f"bench-quality: no {shared}/data/news/*.jsonl.gz "
                         "(set SHARED to the shared data folder)")
    docs = []
    stripped = 0
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                title = ws(r.get("title") or "")
                text = r.get("text") or ""
                first, _, rest = text.partition("\n")
                if title and ws(first) == title:
                    text = rest  # the headline repeated as the text's first line
                    stripped += 1
                docs.append({"id": str(r["id"]), "title": title, "text": text,
                             "date": r.get("date", ""), "source": r.get("source", "")})
                if max_docs and len(docs) >= max_docs:
                    return files, docs, stripped
    return files, docs, stripped


def build_queries(docs, seed):
    """{variant: [(query, relevant ids)]} in document order."""
    by_title = {}
    for d in docs:
        if d["title"]:
            by_title.setdefault(d["title"], set()).add(d["id"])
    out = {v: [] for v in VARIANTS}
    changed, latin = [], []
    for d in docs:
        t = d["title"]
        if not t:
            continue
        rel = by_title[t]
        out["original"].append((t, rel))
        out["romanized"].append(
            (romanize.romanize_title(t, romanize.seeded_rng(seed, d["id"])), rel))
        r = respell.respell_title(t, respell.seeded_rng(seed, d["id"]))
        out["respelled"].append((r, rel))
        changed.append(unicodedata.normalize("NFC", r) != unicodedata.normalize("NFC", t))
        latin.append(bool(re.search("[A-Za-z0-9]", t)))
    # subsets reported apart: the respelled titles that did change, and the
    # romanized titles that had no Latin letters or digits to pass through
    subsets = {"romanized*": ("romanized", [not x for x in latin]),
               "respelled*": ("respelled", changed)}
    return out, subsets


# ------------------------------------------------------------ engines


class Skip(Exception):
    """An engine that cannot run here, with the reason."""


class Khabar:
    name = "khabar"

    def __init__(self, build, tmp):
        self.bin = os.path.join(build, "khabar")
        self.idx = os.path.join(tmp, "khabar-index")
        if not os.access(self.bin, os.X_OK):
            raise Skip(f"{self.bin} is not built")
        try:
            helptext = subprocess.run([self.bin, "help"], capture_output=True,
                                      text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError) as e:
            raise Skip(f"`{self.bin} help` failed: {e}")
        cmds = set(re.findall(r"^\s+([a-z][a-z-]*)\s", helptext, re.M))
        missing = [c for c in ("index", "search") if c not in cmds]
        if missing:
            raise Skip(f"{self.bin} has no `{'`/`'.join(missing)}` command yet "
                       f"(`khabar help` lists: {', '.join(sorted(cmds))})")
        self.flags = os.environ.get("KHABAR_INDEX_FLAGS", "").split()
        self.errors = []  # queries khabar refused

    def index(self, corpus_path, docs):
        p = subprocess.run([self.bin, "index", self.idx, *self.flags, corpus_path],
                           capture_output=True, text=True, timeout=1800)
        # exit status 1 means some records failed (each reported): those
        # articles count as misses below; anything else is a failure
        if p.returncode not in (0, 1):
            raise RuntimeError(f"khabar index failed ({p.returncode}): {p.stderr.strip()[-500:]}")
        # an article the index lost counts as a miss; say so in the report
        st = subprocess.run([self.bin, "stats", self.idx], capture_output=True, text=True)
        m = re.search(r"^documents\s+(\d+)", st.stdout, re.M)
        if m and int(m.group(1)) != len(docs):
            said = (p.stderr.strip().splitlines() or ["nothing"])[-1]
            self.errors.append(f"the index holds {m.group(1)} of the {len(docs)} articles "
                               f"given (khabar index said: {said})")

    @staticmethod
    def plain_query(q):
        """The title's words with khabar's query syntax taken out: no
        quotes, brackets, field colons, prefix stars, leading - or +, and
        AND/OR/NOT as plain words, so that khabar gets the words OR-ed
        together like the other engines."""
        q = re.sub(r'["()*:]', " ", q)
        words = []
        for w in q.split():
            w = w.lstrip("+-")
            if w in ("AND", "OR", "NOT"):
                w = w.lower()
            if w:
                words.append(w)
        return " ".join(words)

    def search(self, queries):
        lines_in = [self.plain_query(q) for q in queries]
        # an empty line is an error for khabar; "." is a query with no words
        data = "".join((q or ".") + "\n" for q in lines_in)
        p = subprocess.run([self.bin, "search", self.idx, "--batch", "--json",
                            "--limit", str(K)], input=data, capture_output=True,
                           text=True, timeout=1800)
        lines = [ln for ln in p.stdout.splitlines() if ln.strip()]
        # status 1 with one line per query: some queries failed, each one
        # says so on its line
        if p.returncode not in (0, 1) or len(lines) != len(queries):
            raise RuntimeError(f"khabar search exited {p.returncode} with {len(lines)} lines "
                               f"for {len(queries)} queries: {p.stderr.strip()[-500:]}")
        out = []
        for ln in lines:
            r = json.loads(ln)
            if "error" in r:
                self.errors.append(f"query {r.get('query')!r}: {r['error']}")
            out.append([str(h["id"]) for h in r.get("hits", [])][:K])
        return out

    def close(self):
        pass


class SqliteFts5:
    TOKENIZERS = {
        "sqlite-fts5": ("unicode61", ("L", "N", "Co")),
        "sqlite-fts5-marks": ("unicode61 categories 'L* N* Co Mn Mc'",
                              ("L", "N", "Co", "Mn", "Mc")),
    }

    def __init__(self, name, tmp):
        import sqlite3
        self.name = name
        self.tokenizer, self.cats = self.TOKENIZERS[name]
        self.db = sqlite3.connect(os.path.join(tmp, name + ".db"))
        try:
            self.db.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
            self.db.execute("DROP TABLE probe")
        except sqlite3.OperationalError as e:
            raise Skip(f"SQLite {sqlite3.sqlite_version} has no FTS5: {e}")
        self.version = sqlite3.sqlite_version

    def index(self, corpus_path, docs):
        tok = self.tokenizer.replace('"', '""')
        self.db.execute(f'CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, '
                        f'tokenize="{tok}")')
        self.db.executemany("INSERT INTO docs(id, body) VALUES (?, ?)",
                            ((d["id"], d["text"]) for d in docs))
        self.db.commit()

    def has_token_char(self, word):
        for ch in word:
            cat = unicodedata.category(ch)
            if cat in self.cats or cat[0] in self.cats:
                return True
        return False

    def match_expr(self, query):
        words = []
        for w in query.split():
            if self.has_token_char(w) and w not in words:
                words.append(w)
        return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)

    def search(self, queries):
        out = []
        for q in queries:
            expr = self.match_expr(q)
            if not expr:
                out.append([])
                continue
            rows = self.db.execute("SELECT id FROM docs WHERE docs MATCH ? "
                                   "ORDER BY rank LIMIT ?", (expr, K)).fetchall()
            out.append([r[0] for r in rows])
        return out

    def close(self):
        self.db.close()


class Postgres:
    """A private PostgreSQL cluster in a temporary folder, reachable only
    through a Unix socket in that folder; stopped and removed by close()."""

    def __init__(self, tmp):
        try:
            import psycopg2
        except ImportError as e:
            raise Skip(f"python3-psycopg2 is not installed ({e})")
        self.psycopg2 = psycopg2
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        pref = [b for b in bins if "/15/" in b]
        if not bins:
            raise Skip("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
        self.bindir = os.path.dirname((pref or bins)[-1])
        self.dir = tempfile.mkdtemp(prefix="khabar-bench-pg-")
        self.data = os.path.join(self.dir, "data")
        self.started = False
        self.conn = None
        self.runas = []
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            import pwd
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise Skip("running as root and there is no `postgres` user to run the server")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.runas = ["runuser", "-u", "postgres", "--"]
        os.chmod(self.dir, 0o700)
        for loc in ("C.UTF-8", "C"):
            p = subprocess.run(self.runas + [
                os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", "postgres",
                "--auth=trust", "--encoding=UTF8", f"--locale={loc}", "--no-sync"],
                capture_output=True, text=True)
            if p.returncode == 0:
                self.locale = loc
                break
            shutil.rmtree(self.data, ignore_errors=True)
        else:
            raise RuntimeError(f"initdb failed: {p.stderr.strip()[-500:]}")
        opts = (f"-c listen_addresses='' -c unix_socket_directories='{self.dir}' "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        p = subprocess.run(self.runas + [
            os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-l",
            os.path.join(self.dir, "server.log"), "-o", opts, "-w", "start"],
            capture_output=True, text=True)
        if p.returncode != 0:
            log_text = ""
            try:
                with open(os.path.join(self.dir, "server.log")) as f:
                    log_text = f.read()[-800:]
            except OSError:
                pass
            raise RuntimeError(f"pg_ctl start failed: {p.stderr.strip()} {log_text}")
        self.started = True
        self.conn = psycopg2.connect(host=self.dir, dbname="postgres", user="postgres")
        self.conn.autocommit = True
        cur = self.conn.cursor()
        cur.execute("SHOW server_version")
        self.version = cur.fetchone()[0]
        cur.execute("SELECT cfgname FROM pg_ts_config")
        self.configs = {r[0] for r in cur.fetchall()}

    def index(self, docs):
        cur = self.conn.cursor()
        cur.execute("CREATE TABLE docs (id text PRIMARY KEY, body text, "
                    "v_simple tsvector, v_hindi tsvector)")
        cur.executemany("INSERT INTO docs (id, body) VALUES (%s, %s)",
                        [(d["id"], d["text"]) for d in docs])

    def index_config(self, cfg):
        if cfg not in self.configs:
            raise Skip(f"PostgreSQL {self.version} has no `{cfg}` text search configuration")
        cur = self.conn.cursor()
        cur.execute(f"UPDATE docs SET v_{cfg} = to_tsvector('{cfg}', body)")
        cur.execute(f"CREATE INDEX docs_{cfg} ON docs USING gin (v_{cfg})")
        cur.execute("ANALYZE docs")

    def search(self, cfg, queries):
        cur = self.conn.cursor()
        out = []
        for q in queries:
            cur.execute("SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", (cfg, q))
            lexemes = cur.fetchone()[0] or []
            if not lexemes:
                out.append([])
                continue
            tsq = " | ".join("'" + lx.replace("\\", "\\\\").replace("'", "''") + "'"
                             for lx in lexemes)
            cur.execute(f"SELECT id FROM docs, CAST(%s AS tsquery) q WHERE v_{cfg} @@ q "
                        f"ORDER BY ts_rank(v_{cfg}, q, 1) DESC, id LIMIT %s", (tsq, K))
            out.append([r[0] for r in cur.fetchall()])
        return out

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None
        if self.started:
            subprocess.run(self.runas + [os.path.join(self.bindir, "pg_ctl"), "-D",
                                         self.data, "-m", "fast", "-w", "stop"],
                           capture_output=True)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


class PgConfig:
    """One text search configuration of the shared cluster, as an engine."""

    def __init__(self, pg, cfg):
        self.pg, self.cfg, self.name = pg, cfg, f"pg-{cfg}"

    def index(self, corpus_path, docs):
        self.pg.index_config(self.cfg)

    def search(self, queries):
        return self.pg.search(self.cfg, queries)

    def close(self):
        pass


class XapianBM25:
    name = "xapian-bm25"

    def __init__(self, tmp):
        try:
            import xapian
        except ImportError as e:
            raise Skip(f"python3-xapian is not installed ({e})")
        self.x = xapian
        self.version = xapian.version_string()
        self.db = xapian.WritableDatabase(os.path.join(tmp, "xapian"),
                                          xapian.DB_CREATE_OR_OVERWRITE)
        self.tg = xapian.TermGenerator()  # no stemmer: Xapian has none for Hindi

    def index(self, corpus_path, docs):
        x = self.x
        for d in docs:
            doc = x.Document()
            self.tg.set_document(doc)
            self.tg.index_text(d["text"])
            doc.set_data(d["id"])
            self.db.add_document(doc)
        self.db.commit()

    def search(self, queries):
        x = self.x
        enq = x.Enquire(self.db)
        enq.set_weighting_scheme(x.BM25Weight())
        out = []
        for q in queries:
            scratch = x.Document()
            self.tg.set_document(scratch)
            self.tg.index_text(q)
            terms = [t.term for t in scratch.termlist()]
            if not terms:
                out.append([])
                continue
            enq.set_query(x.Query(x.Query.OP_OR, terms))
            out.append([m.document.get_data().decode() for m in enq.get_mset(0, K)])
        return out

    def close(self):
        self.db.close()


# ------------------------------------------------------------ scoring


def score(results, queries):
    """MRR@10, R@1, R@10 over the queries."""
    n = len(queries)
    rr = r1 = r10 = 0.0
    for hits, (_, rel) in zip(results, queries):
        for rank, doc_id in enumerate(hits[:K], 1):
            if doc_id in rel:
                rr += 1.0 / rank
                r1 += rank == 1
                r10 += 1
                break
    return (rr / n, r1 / n, r10 / n) if n else (0.0, 0.0, 0.0)


# --------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description="known-item retrieval benchmark")
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docs", type=int, default=0, help="use only the first N articles")
    ap.add_argument("--engines", default="", help="comma-separated subset")
    ap.add_argument("--show", type=int, default=0,
                    help="print the first N queries of each set")
    ap.add_argument("--strict", action="store_true",
                    help="exit 1 when khabar is skipped or misses a goal")
    ap.add_argument("--selftest", action="store_true",
                    help="only run the romanizer and respeller self-tests")
    args = ap.parse_args()

    ok = romanize.selftest() & respell.selftest()
    if args.selftest or not ok:
        return 0 if ok else 1

    t_start = time.time()
    files, docs, stripped = load_corpus(args.shared, args.docs)
    queries, subsets = build_queries(docs, args.seed)
    changed = subsets["respelled*"][1]
    n_dev = sum(subsets["romanized*"][1])
    nq = len(queries["original"])
    print(f"corpus: {len(docs)} articles from {', '.join(os.path.basename(f) for f in files)}; "
          f"indexed without titles ({stripped} texts lost a first line repeating the title)")
    print(f"queries: {nq} titles per set, seed {args.seed}; respelling changed "
          f"{sum(changed)} of them")
    if args.show:
        for v in VARIANTS:
            for q, rel in queries[v][:args.show]:
                print(f"  {v:<10} {sorted(rel)[0]}: {q}")

    tmp = tempfile.mkdtemp(prefix="khabar-bench-quality-")
    corpus_path = os.path.join(tmp, "corpus.jsonl")
    with open(corpus_path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "text": d["text"], "date": d["date"],
                                "source": d["source"]}, ensure_ascii=False) + "\n")

    wanted = [e for e in args.engines.split(",") if e]
    names = ["khabar", "sqlite-fts5", "sqlite-fts5-marks", "pg-simple", "pg-hindi",
             "xapian-bm25"]
    for w in wanted:
        if w not in names:
            raise SystemExit(f"bench-quality: unknown engine {w!r} (have {', '.join(names)})")
    names = [n for n in names if not wanted or n in wanted]

    engines, skipped, failed = [], {}, {}
    pg = None

    def cleanup(*_):
        for e in engines:
            try:
                e.close()
            except Exception:
                pass
        if pg is not None:
            pg.close()
        shutil.rmtree(tmp, ignore_errors=True)

    def on_signal(signum, frame):
        cleanup()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    results = {}  # (engine, variant) -> (mrr, r1, r10)
    timing = {}  # engine -> (index s, queries/s)
    versions = []
    try:
        for name in names:
            try:
                if name == "khabar":
                    eng = Khabar(args.build, tmp)
                elif name.startswith("sqlite"):
                    eng = SqliteFts5(name, tmp)
                    if ("SQLite " + eng.version) not in versions:
                        versions.append("SQLite " + eng.version)
                elif name.startswith("pg-"):
                    if pg is None:
                        pg = Postgres(tmp)
                        versions.append(f"PostgreSQL {pg.version} (locale {pg.locale})")
                        pg.index(docs)
                    eng = PgConfig(pg, name[3:])
                else:
                    eng = XapianBM25(tmp)
                    versions.append("Xapian " + eng.version)
                log(f"bench-quality: indexing with {name}")
                t0 = time.perf_counter()
                eng.index(corpus_path, docs)
                t_index = time.perf_counter() - t0
            except Skip as s:
                skipped[name] = str(s)
                log(f"bench-quality: {name}: skipped: {s}")
                continue
            except Exception as e:  # an anchor or khabar that fails
                failed[name] = f"{type(e).__name__}: {e}"
                log(f"bench-quality: {name}: FAILED: {failed[name]}")
                continue
            engines.append(eng)
            t_query, n_run = 0.0, 0
            try:
                for v in VARIANTS:
                    qs = [q for q, _ in queries[v]]
                    t0 = time.perf_counter()
                    hits = eng.search(qs)
                    t_query += time.perf_counter() - t0
                    n_run += len(qs)
                    results[(name, v)] = score(hits, queries[v])
                    for sname, (sv, mask) in subsets.items():
                        if sv == v:
                            sub = [(h, q) for h, q, m in zip(hits, queries[v], mask) if m]
                            results[(name, sname)] = score([h for h, _ in sub],
                                                           [q for _, q in sub])
            except Exception as e:
                failed[name] = f"{type(e).__name__}: {e}"
                log(f"bench-quality: {name}: FAILED: {failed[name]}")
                continue
            timing[name] = (t_index, n_run / t_query if t_query > 0 else 0.0)
    finally:
        cleanup()

    # ---------------------------------------------------------- report
    ran = [n for n in names if n in timing]
    print(f"anchors: {'; '.join(versions) or 'none'}")
    print()
    print(f"{'variant':<12} {'engine':<18} {'MRR@10':>7} {'R@1':>7} {'R@10':>7}")
    for v in VARIANTS + tuple(subsets):
        for n in ran:
            m = results[(n, v)]
            print(f"{v:<12} {n:<18} {m[0]:7.3f} {m[1]:7.3f} {m[2]:7.3f}")
        print()
    print(f"romanized* = only the {n_dev} titles with no Latin letter or digit; "
          f"respelled* = only the {sum(changed)} titles the respeller changed")
    for n, why in skipped.items():
        print(f"{n}: skipped: {why}")
    for n, why in failed.items():
        print(f"{n}: FAILED: {why}")
    for e in engines:
        for msg in getattr(e, "errors", [])[:3]:
            print(f"{e.name}: {msg}")
        if len(getattr(e, "errors", [])) > 3:
            print(f"{e.name}: ... {len(e.errors)} problems in all")
    print()
    print(f"{'engine':<18} {'index s':>8} {'queries/s':>10}   (2 shared cores: noisy)")
    for n in ran:
        print(f"{n:<18} {timing[n][0]:8.2f} {timing[n][1]:10.0f}")
    print()

    goals_met = True
    if "khabar" not in timing:
        why = skipped.get("khabar") or failed.get("khabar") or "not selected"
        for v in VARIANTS:
            print(f"{v}: khabar leads every engine: not measured ({why})")
        goals_met = False
    else:
        for v in VARIANTS:
            mine = results[("khabar", v)][0]
            others = [(results[(n, v)][0], n) for n in ran if n != "khabar"]
            if not others:
                print(f"{v}: khabar leads every engine: not measured (no other engine ran)")
                goals_met = False
                continue
            best = max(others)
            lead = all(mine > o for o, _ in others)
            goals_met &= lead
            print(f"{v}: khabar leads every engine: {'YES' if lead else 'NO'} "
                  f"(MRR@10 {mine:.3f}; best other {best[1]} {best[0]:.3f})")
        mine = results[("khabar", "romanized")][0]
        reached = mine >= ROMAN_GOAL
        goals_met &= reached
        print(f"romanized: khabar MRR@10 >= {ROMAN_GOAL}: {'YES' if reached else 'NO'} "
              f"({mine:.3f})")
    print(f"run time: {time.time() - t_start:.1f} s")
    if failed or any(n != "khabar" for n in skipped):
        return 1  # an anchor that cannot run is a failure: deps.sh installs them
    if args.strict and not goals_met:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
