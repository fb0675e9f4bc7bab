#!/usr/bin/env python3
"""furniture_eval.py — line-level precision and recall of page-furniture
removal by `khabar clean` against the hand labels in
tests/data/furniture/annotations.tsv.

    python3 eval/furniture_eval.py [--khabar build/khabar] [--shared ../shared]
                                   [--show]

Reads the labelled articles from $SHARED/data/news/*.jsonl.gz, cleans them
with `khabar clean --format jsonl`, and counts a line as removed-as-furniture
when `removed` lists the whole line (partial = false) with a furniture
reason. Repeats (title_repeat, standfirst_repeat, duplicate) and truncation
markers are not furniture and are not counted. Exit 0; 2 when data is
missing.
"""
import argparse, gzip, hashlib, json, os, subprocess, sys

NOT_FURNITURE = {"title_repeat", "standfirst_repeat", "duplicate",
                 "truncation_marker"}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--khabar", default=os.environ.get("KHABAR", "build/khabar"))
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--labels", default="tests/data/furniture/annotations.tsv")
    ap.add_argument("--show", action="store_true", help="print the errors")
    a = ap.parse_args()
    labels = {}
    for line in open(a.labels, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        id_, n, h, lab = line.rstrip("\n").split("\t")
        labels.setdefault(id_, {})[int(n)] = (h, lab)
    news = os.path.join(a.shared, "data", "news")
    if not os.path.isdir(news):
        print("skipping: %s not found" % news)
        return 2
    recs = {}
    for f in sorted(os.listdir(news)):
        if f.endswith(".jsonl.gz"):
            for l in gzip.open(os.path.join(news, f), "rt", encoding="utf-8"):
                r = json.loads(l)
                if r["id"] in labels:
                    recs[r["id"]] = r
    missing = set(labels) - set(recs)
    if missing:
        print("missing articles: %s" % ", ".join(sorted(missing)))
        return 2
    ids = sorted(labels)
    for id_ in ids:
        lines = recs[id_]["text"].split("\n")
        for n, (h, _) in labels[id_].items():
            got = hashlib.sha1(lines[n - 1].strip().encode()).hexdigest()[:8]
            if got != h:
                print("data changed: %s line %d" % (id_, n))
                return 2
    inp = "".join(json.dumps(recs[i], ensure_ascii=False) + "\n" for i in ids)
    out = subprocess.run([a.khabar, "clean", "--format", "jsonl"],
                         input=inp.encode(), capture_output=True, check=False)
    arts = [json.loads(l) for l in out.stdout.decode().splitlines()]
    by_id = {x["id"]: x for x in arts}
    tp = fp = fn = tn = 0
    per_source = {}
    for id_ in ids:
        pred = {}
        for r in by_id.get(id_, {}).get("removed", []):
            if not r["partial"] and r["reason"] not in NOT_FURNITURE:
                pred[r["line"]] = r["reason"]
        src = id_.rsplit("-", 1)[0]
        s = per_source.setdefault(src, [0, 0, 0])
        for n, (_, lab) in sorted(labels[id_].items()):
            p, g = n in pred, lab == "F"
            tp += p and g; fp += p and not g; fn += g and not p
            tn += not p and not g
            s[0] += p and g; s[1] += p and not g; s[2] += g and not p
            if a.show and p != g:
                kind = "FP %s" % pred[n] if p else "FN"
                print("%s %s:%d %s" % (kind, id_, n,
                      recs[id_]["text"].split("\n")[n - 1].strip()[:90]))
    def pr(tp, fp, fn):
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r
    p, r = pr(tp, fp, fn)
    print("furniture lines: %d labelled F, %d B, in %d articles"
          % (tp + fn, fp + tn, len(ids)))
    print("precision %.3f (%d/%d)  recall %.3f (%d/%d)"
          % (p, tp, tp + fp, r, tp, tp + fn))
    for src, (t, f, n) in sorted(per_source.items()):
        p, r = pr(t, f, n)
        print("  %-24s precision %.3f  recall %.3f  (tp %d, fp %d, fn %d)"
              % (src, p, r, t, f, n))
    return 0

if __name__ == "__main__":
    sys.exit(main())
