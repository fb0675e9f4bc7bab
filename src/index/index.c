/*
 * index.c — the kh_index handle. Readers hold a snapshot: the segments of
 * one manifest generation with their deletions, refcounted so that a
 * search keeps its snapshot while a commit or reload swaps in the next.
 * The writer additionally holds the LOCK (flock: released by the kernel
 * when the process dies, so a killed writer never blocks the next), a
 * builder for new documents, and a working copy of the segments whose
 * deletion bitmaps it changes; a commit writes the new segment and
 * deletion files, then the manifest, and only then shows the new
 * snapshot.
 */
#include "index.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#define NOMEM(err) kh_fail(err, KH_ERR_NOMEM, "out of memory")
/* The builder is flushed to a segment (not yet committed) past this. */
#define FLUSH_BYTES ((size_t)512 << 20)

/* ---- snapshots -------------------------------------------------------- */

static void seg_unref_locked(kh_segment *s) {
    if (s && --s->refs == 0)
        kh_segment_free(s);
}

static void snapshot_free_locked(kh_snapshot *s) {
    for (uint32_t i = 0; i < s->nsegs; i++) {
        seg_unref_locked(s->segs[i].seg);
        free(s->segs[i].del);
    }
    free(s->segs);
    free(s);
}

kh_snapshot *kh_snapshot_acquire(kh_index *ix) {
    pthread_mutex_lock(&ix->mu);
    kh_snapshot *s = ix->snap;
    s->refs++;
    pthread_mutex_unlock(&ix->mu);
    return s;
}

void kh_snapshot_release(kh_index *ix, kh_snapshot *s) {
    if (!s)
        return;
    pthread_mutex_lock(&ix->mu);
    if (--s->refs == 0)
        snapshot_free_locked(s);
    pthread_mutex_unlock(&ix->mu);
}

uint64_t kh_snapshot_maxdocs(const kh_snapshot *s) {
    uint64_t n = 0;
    for (uint32_t i = 0; i < s->nsegs; i++)
        n += s->segs[i].seg->ndocs;
    return n;
}

double kh_snapshot_avglen(const kh_snapshot *s, unsigned f) {
    uint64_t tot = 0, n = 0;
    for (uint32_t i = 0; i < s->nsegs; i++) {
        const kh_segment *g = s->segs[i].seg;
        n += g->ndocs;
        if (g->field_of[f] >= 0)
            tot += g->fields[g->field_of[f]].total_len;
    }
    return n && tot ? (double)tot / (double)n : 1.0;
}

static uint8_t *bits_dup(const uint8_t *b, uint32_t ndocs) {
    size_t n = ((size_t)ndocs + 7) / 8;
    uint8_t *c = malloc(n ? n : 1);
    if (c && b)
        memcpy(c, b, n);
    else if (c)
        memset(c, 0, n ? n : 1);
    return c;
}

/* Finds an already-open segment of `old` to share, under the mutex. */
static kh_segment *share(kh_index *ix, const kh_snapshot *old, uint32_t id) {
    kh_segment *found = NULL;
    pthread_mutex_lock(&ix->mu);
    for (uint32_t i = 0; old && i < old->nsegs; i++)
        if (old->segs[i].seg->id == id) {
            found = old->segs[i].seg;
            found->refs++;
            break;
        }
    pthread_mutex_unlock(&ix->mu);
    return found;
}

/* Builds the snapshot a manifest describes, sharing segments with `old`. */
static kh_status load_snapshot(kh_index *ix, const kh_manifest *m,
                               const kh_snapshot *old, kh_snapshot **out,
                               kh_error *err) {
    kh_snapshot *s = calloc(1, sizeof *s);
    if (!s)
        return NOMEM(err);
    s->refs = 1;
    s->gen = m->gen;
    s->segs = calloc(m->nsegs ? m->nsegs : 1, sizeof *s->segs);
    if (!s->segs) {
        free(s);
        return NOMEM(err);
    }
    kh_status st = KH_OK;
    for (uint32_t i = 0; i < m->nsegs && !st; i++) {
        const kh_mseg *ms = &m->segs[i];
        kh_snapseg *g = &s->segs[i];
        g->seg = share(ix, old, ms->id);
        if (!g->seg)
            st = kh_segment_open(ix->dir, ms->id, &g->seg, err);
        if (st)
            break;
        s->nsegs++;
        if (g->seg->ndocs != ms->ndocs) {
            st = kh_fail(err, KH_ERR_CORRUPT,
                         "%s: holds %u articles, the manifest says %u (the "
                         "index is damaged)",
                         g->seg->path, g->seg->ndocs, ms->ndocs);
            break;
        }
        g->delgen = ms->delgen;
        if (ms->delgen) {
            char path[4096];
            kh_del_path(path, sizeof path, ix->dir, ms->id, ms->delgen);
            st = kh_del_read(path, ms->ndocs, &g->del, &g->ndel, err);
        }
        s->ndocs += g->seg->ndocs - g->ndel;
    }
    if (st) {
        pthread_mutex_lock(&ix->mu);
        snapshot_free_locked(s);
        pthread_mutex_unlock(&ix->mu);
        return st;
    }
    *out = s;
    return KH_OK;
}

/* Reads the manifest and its snapshot. A writer may commit and remove
 * old files between our reading the manifest and opening them: a missing
 * file with a newer manifest means "read again". */
static kh_status open_latest(kh_index *ix, const kh_snapshot *old,
                             kh_manifest *man, kh_snapshot **out,
                             kh_error *err) {
    kh_status st = KH_ERR_INTERNAL;
    for (int attempt = 0; attempt < 50; attempt++) {
        kh_manifest m;
        st = kh_manifest_read(ix->dir, &m, err);
        if (st)
            return st;
        if (old && old->gen == m.gen && !man) {
            kh_manifest_free(&m);
            *out = NULL; /* unchanged */
            return KH_OK;
        }
        st = load_snapshot(ix, &m, old, out, err);
        if (st == KH_ERR_NOT_FOUND) {
            kh_manifest again;
            kh_error e2 = {0};
            if (kh_manifest_read(ix->dir, &again, &e2) == KH_OK) {
                int moved = again.gen != m.gen;
                kh_manifest_free(&again);
                if (moved) {
                    kh_manifest_free(&m);
                    continue;
                }
            }
            kh_manifest_free(&m);
            char msg[KH_ERROR_MESSAGE_MAX];
            snprintf(msg, sizeof msg, "%s", err ? err->message : "");
            return kh_fail(err, KH_ERR_CORRUPT,
                           "%s (a file the manifest names is missing: the "
                           "index is damaged)",
                           msg);
        }
        if (!st && man)
            *man = m;
        else
            kh_manifest_free(&m);
        return st;
    }
    return kh_fail(err, KH_ERR_IO, "%s: the index changes too fast to open",
                   ix->dir);
}

/* ---- open / close ----------------------------------------------------- */

static int parse_name(const char *name, uint32_t *seg, uint32_t *gen) {
    unsigned a, b;
    char tail[8];
    if (sscanf(name, "seg_%8u_%u.kde%1s", &a, &b, tail) == 3 &&
        !strcmp(tail, "l")) {
        *seg = a;
        *gen = b;
        return 2;
    }
    if (sscanf(name, "seg_%8u.kse%1s", &a, tail) == 2 && !strcmp(tail, "g")) {
        *seg = a;
        *gen = 0;
        return 1;
    }
    return 0;
}

/* Removes files no manifest entry names: leftovers of a writer that died
 * before committing, and files replaced by later commits. */
static void remove_orphans(kh_index *ix) {
    DIR *d = opendir(ix->dir);
    if (!d)
        return;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d))) {
        uint32_t seg, gen;
        int kind = parse_name(e->d_name, &seg, &gen);
        int keep = 1;
        if (kind) {
            keep = 0;
            for (uint32_t i = 0; i < ix->man.nsegs; i++)
                if (ix->man.segs[i].id == seg &&
                    (kind == 1 || ix->man.segs[i].delgen == gen))
                    keep = 1;
        } else if (!strcmp(e->d_name, "MANIFEST.tmp")) {
            keep = 0;
        }
        if (!keep) {
            snprintf(path, sizeof path, "%s/%s", ix->dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
}

static kh_status take_lock(kh_index *ix, kh_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/LOCK", ix->dir);
    ix->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (ix->lock_fd < 0)
        return kh_fail(err, errno == ENOENT ? KH_ERR_NOT_FOUND : KH_ERR_IO,
                       "%s: cannot open: %s", path, strerror(errno));
    if (flock(ix->lock_fd, LOCK_EX | LOCK_NB)) {
        int e = errno;
        close(ix->lock_fd);
        ix->lock_fd = -1;
        if (e == EWOULDBLOCK)
            return kh_fail(err, KH_ERR_LOCKED,
                           "%s: another writer has this index open (try "
                           "again when it is done)",
                           ix->dir);
        return kh_fail(err, KH_ERR_IO, "%s: cannot lock: %s", path,
                       strerror(e));
    }
    return KH_OK;
}

static kh_status wsegs_from_snapshot(kh_index *ix, kh_error *err) {
    const kh_snapshot *s = ix->snap;
    ix->wsegs = calloc(s->nsegs + 4, sizeof *ix->wsegs);
    if (!ix->wsegs)
        return NOMEM(err);
    ix->wcap = s->nsegs + 4;
    for (uint32_t i = 0; i < s->nsegs; i++) {
        kh_wseg *w = &ix->wsegs[i];
        w->seg = s->segs[i].seg;
        w->seg->refs++; /* no other thread has the handle yet */
        w->del =
            s->segs[i].del ? bits_dup(s->segs[i].del, w->seg->ndocs) : NULL;
        if (s->segs[i].del && !w->del)
            return NOMEM(err);
        w->ndel = s->segs[i].ndel;
        w->delgen = s->segs[i].delgen;
        ix->nwsegs++;
    }
    return KH_OK;
}

kh_status kh_index_open(const char *path, unsigned flags, kh_index **out,
                        kh_error *err) {
    if (!path || !*path || !out)
        return kh_fail(err, KH_ERR_ARG, "kh_index_open: no path");
    *out = NULL;
    int writer = (flags & KH_INDEX_WRITE) != 0;
    if ((flags & KH_INDEX_CREATE) && !writer)
        return kh_fail(err, KH_ERR_ARG,
                       "kh_index_open: KH_INDEX_CREATE needs KH_INDEX_WRITE");
    kh_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NOMEM(err);
    ix->flags = flags;
    ix->lock_fd = -1;
    ix->flush_bytes = FLUSH_BYTES;
    pthread_mutex_init(&ix->mu, NULL);
    ix->dir = strdup(path);
    if (!ix->dir) {
        kh_index_close(ix);
        return NOMEM(err);
    }
    kh_status st = KH_OK;
    if ((flags & KH_INDEX_CREATE) && mkdir(path, 0755) && errno != EEXIST)
        st = kh_fail(err, KH_ERR_IO, "%s: cannot create: %s", path,
                     strerror(errno));
    if (!st && writer) {
        struct stat sb;
        if (stat(path, &sb) || !S_ISDIR(sb.st_mode))
            st = kh_fail(err, KH_ERR_NOT_FOUND, "%s: no such index directory",
                         path);
        else
            st = take_lock(ix, err);
    }
    if (!st && writer) {
        kh_error e = {0};
        st = kh_manifest_read(path, &ix->man, &e);
        if (st == KH_ERR_NOT_FOUND && (flags & KH_INDEX_CREATE)) {
            ix->man.gen = 1;
            ix->man.next_seg = 1;
            st = kh_manifest_write(path, &ix->man, err);
        } else if (st) {
            kh_fail(err, st, "%s", e.message);
        }
        if (!st)
            st = load_snapshot(ix, &ix->man, NULL, &ix->snap, err);
        if (!st) {
            remove_orphans(ix);
            st = wsegs_from_snapshot(ix, err);
        }
        if (!st)
            st = kh_doc_new(&ix->doc, err);
        if (!st)
            st = kh_builder_init(&ix->bld, err);
    } else if (!st) {
        st = open_latest(ix, NULL, NULL, &ix->snap, err);
    }
    /* analyzers: immutable, shared by the threads that search this
     * handle; the index needs tokens, not sentences. Queries get their
     * stems and keys from the analyzer, documents the same ones from the
     * builder's word table (wordtab.c), which makes each word's once. */
    kh_analyzer_options ao = {KH_ANALYZE_STEMS | KH_ANALYZE_KEYS |
                              KH_ANALYZE_NO_SENTENCES};
    kh_analyzer_options so = {KH_ANALYZE_STEMS | KH_ANALYZE_NO_SENTENCES};
    kh_analyzer_options doc_opts = {KH_ANALYZE_NO_SENTENCES};
    if (!st)
        st = kh_analyzer_new(&ao, &ix->an, err);
    if (!st)
        st = kh_analyzer_new(&so, &ix->an_snip, err);
    if (!st)
        st = kh_analyzer_new(&doc_opts, &ix->an_doc, err);
    if (st) {
        kh_index_close(ix);
        return st;
    }
    *out = ix;
    return KH_OK;
}

void kh_index_close(kh_index *ix) {
    if (!ix)
        return;
    pthread_mutex_lock(&ix->mu);
    if (ix->snap && --ix->snap->refs == 0)
        snapshot_free_locked(ix->snap);
    for (uint32_t i = 0; i < ix->nwsegs; i++) {
        seg_unref_locked(ix->wsegs[i].seg);
        free(ix->wsegs[i].del);
    }
    pthread_mutex_unlock(&ix->mu);
    free(ix->wsegs);
    kh_manifest_free(&ix->man);
    if (ix->bld.slots) /* the builder was made */
        kh_builder_free(&ix->bld);
    kh_doc_free(ix->doc);
    for (unsigned i = 0; i < ix->npool; i++)
        kh_workspace_free(ix->pool[i]);
    kh_analyzer_free(ix->an);
    kh_analyzer_free(ix->an_snip);
    kh_analyzer_free(ix->an_doc);
    if (ix->lock_fd >= 0)
        close(ix->lock_fd); /* releases the flock */
    pthread_mutex_destroy(&ix->mu);
    free(ix->dir);
    free(ix);
}

/* ---- writing ---------------------------------------------------------- */

static kh_status need_writer(const kh_index *ix, kh_error *err) {
    if (!ix)
        return kh_fail(err, KH_ERR_ARG, "no index");
    if (!(ix->flags & KH_INDEX_WRITE))
        return kh_fail(err, KH_ERR_ARG,
                       "%s: opened read-only (open with KH_INDEX_WRITE)",
                       ix->dir);
    return KH_OK;
}

/* Marks id deleted in every working segment; returns how many. */
static kh_status delete_in_wsegs(kh_index *ix, const char *id, size_t len,
                                 int *found, kh_error *err) {
    for (uint32_t i = 0; i < ix->nwsegs; i++) {
        kh_wseg *w = &ix->wsegs[i];
        uint32_t d = kh_seg_find_id(w->seg, id, len);
        if (d == UINT32_MAX || kh_bit(w->del, d))
            continue;
        if (!w->del) {
            w->del = bits_dup(NULL, w->seg->ndocs);
            if (!w->del)
                return NOMEM(err);
        }
        w->del[d >> 3] |= (uint8_t)(1u << (d & 7));
        w->ndel++;
        w->dirty = 1;
        *found = 1;
    }
    return KH_OK;
}

static kh_status flush(kh_index *ix, kh_error *err) {
    kh_builder *b = &ix->bld;
    if (!kh_builder_live(b)) {
        kh_builder_reset(b);
        return KH_OK;
    }
    if (ix->nwsegs == ix->wcap) {
        uint32_t n = ix->wcap ? ix->wcap * 2 : 8;
        kh_wseg *w = realloc(ix->wsegs, n * sizeof *w);
        if (!w)
            return NOMEM(err);
        ix->wsegs = w;
        ix->wcap = n;
    }
    uint32_t id = ix->man.next_seg;
    char path[4096];
    kh_seg_path(path, sizeof path, ix->dir, id);
    kh_status st = kh_segment_write(b, path, err);
    kh_segment *seg = NULL;
    if (!st)
        st = kh_segment_open_written(ix->dir, id, &seg, err);
    if (st) {
        unlink(path);
        return st;
    }
    ix->man.next_seg++;
    kh_wseg *w = &ix->wsegs[ix->nwsegs++];
    memset(w, 0, sizeof *w);
    w->seg = seg;
    w->fresh = 1;
    kh_builder_reset(b);
    return KH_OK;
}

/* The canonical names of the article's entities per kind (person, place,
 * org), one per line, for the entity fields. */
static kh_status entity_names(const kh_enrichment *e, kh_buf names[3],
                              kh_record_extra *x, kh_error *err) {
    for (size_t i = 0; i < e->n_entities; i++) {
        const kh_article_entity *n = &e->entities[i];
        unsigned k = n->type == KH_ENTITY_PERSON     ? 0
                     : n->type == KH_ENTITY_LOCATION ? 1
                                                     : 2;
        if ((names[k].len && kh_buf_putc(&names[k], '\n')) ||
            kh_buf_append(&names[k], n->name, n->len))
            return NOMEM(err);
    }
    for (unsigned k = 0; k < 3; k++) {
        x->names[k] = names[k].len ? names[k].data : NULL;
        x->names_len[k] = names[k].len;
    }
    /* the same names, each once, for the ENTITIES column */
    kh_docname *v = calloc(e->n_entities + 1, sizeof *v);
    if (!v)
        return NOMEM(err);
    for (size_t i = 0; i < e->n_entities; i++) {
        const kh_article_entity *n = &e->entities[i];
        if (!n->len)
            continue;
        v[x->nents++] = (kh_docname){n->type == KH_ENTITY_PERSON     ? 0
                                     : n->type == KH_ENTITY_LOCATION ? 1
                                                                     : 2,
                                     n->name, n->len};
    }
    x->ents = v;
    return KH_OK;
}

kh_status kh_index_add(kh_index *ix, const kh_article *a, kh_error *err) {
    return kh_index_add_enriched(ix, a, NULL, err);
}

kh_status kh_index_add_enriched(kh_index *ix, const kh_article *a,
                                const kh_enrichment *e, kh_error *err) {
    kh_status st = need_writer(ix, err);
    if (st)
        return st;
    if (!a || !a->id || !*a->id)
        return kh_fail(err, KH_ERR_ARG, "article without an id");
    kh_record_extra x = {0};
    char *ej = NULL;
    kh_buf names[3] = {{0}};
    if (e) {
        st = kh_enrichment_to_json(e, &ej, &x.enrich_len, err);
        if (st)
            return st;
        x.enrich_json = ej;
        x.fingerprint = e->fingerprint;
        st = entity_names(e, names, &x, err);
        if (st) {
            free(ej);
            free((void *)x.ents);
            for (unsigned k = 0; k < 3; k++)
                kh_buf_free(&names[k]);
            return st;
        }
    }
    int found = 0;
    st = delete_in_wsegs(ix, a->id, strlen(a->id), &found, err);
    if (!st)
        st = kh_ingest(&ix->bld, ix->an_doc, ix->doc, a, &x, err);
    free(ej);
    free((void *)x.ents);
    for (unsigned k = 0; k < 3; k++)
        kh_buf_free(&names[k]);
    if (st)
        return st;
    ix->uncommitted++;
    if (ix->bld.mem > ix->flush_bytes)
        st = flush(ix, err);
    return st;
}

kh_status kh_index_delete(kh_index *ix, const char *id, int *found,
                          kh_error *err) {
    kh_status st = need_writer(ix, err);
    if (st)
        return st;
    if (!id)
        return kh_fail(err, KH_ERR_ARG, "no id");
    int f = 0;
    size_t len = strlen(id);
    uint32_t d = kh_builder_find(&ix->bld, id, len);
    if (d != UINT32_MAX) {
        kh_builder_kill(&ix->bld, d);
        f = 1;
    }
    st = delete_in_wsegs(ix, id, len, &f, err);
    if (found)
        *found = f;
    if (f)
        ix->uncommitted++;
    return st;
}

/* Unlinks the files a commit made obsolete. */
static void unlink_del(const kh_index *ix, uint32_t seg, uint32_t gen) {
    char path[4096];
    if (!gen)
        return;
    kh_del_path(path, sizeof path, ix->dir, seg, gen);
    unlink(path);
}

/* Writes deletion files and the manifest for the working segments, then
 * publishes them as the new snapshot. `retired` segments (merged away)
 * have their files removed after the manifest lands. */
static kh_status publish(kh_index *ix, kh_wseg *retired, uint32_t nretired,
                         kh_error *err) {
    kh_status st = KH_OK;
    uint32_t n = ix->nwsegs;
    uint32_t *gens = calloc(n ? n : 1, sizeof *gens);
    kh_mseg *ms = calloc(n ? n : 1, sizeof *ms);
    if (!gens || !ms) {
        free(gens);
        free(ms);
        return NOMEM(err);
    }
    uint32_t nm = 0;
    for (uint32_t i = 0; i < n && !st; i++) {
        kh_wseg *w = &ix->wsegs[i];
        gens[i] = w->delgen;
        if (w->dirty && w->ndel < w->seg->ndocs) {
            char path[4096];
            gens[i] = w->delgen + 1;
            kh_del_path(path, sizeof path, ix->dir, w->seg->id, gens[i]);
            st = kh_del_write(path, w->del, w->seg->ndocs, w->ndel, err);
        }
        if (w->ndel < w->seg->ndocs) /* a wholly deleted segment goes */
            ms[nm++] = (kh_mseg){w->seg->id, w->seg->ndocs, gens[i], w->ndel};
    }
    kh_manifest m = ix->man;
    m.gen = ix->man.gen + 1;
    m.segs = ms;
    m.nsegs = nm;
    if (!st)
        st = kh_manifest_write(ix->dir, &m, err);
    if (st) {
        /* the old manifest stands; new deletion files are orphans */
        for (uint32_t i = 0; i < n; i++)
            if (gens[i] != ix->wsegs[i].delgen)
                unlink_del(ix, ix->wsegs[i].seg->id, gens[i]);
        free(gens);
        free(ms);
        return st;
    }
    /* committed: adopt the new state */
    free(ix->man.segs);
    ix->man = m;
    ix->man.segs = ms;
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        kh_wseg *w = &ix->wsegs[i];
        if (gens[i] != w->delgen)
            unlink_del(ix, w->seg->id, w->delgen);
        w->delgen = gens[i];
        w->dirty = w->fresh = 0;
        if (w->ndel >= w->seg->ndocs) {
            char path[4096];
            kh_seg_path(path, sizeof path, ix->dir, w->seg->id);
            unlink(path);
            unlink_del(ix, w->seg->id, w->delgen);
            pthread_mutex_lock(&ix->mu);
            seg_unref_locked(w->seg);
            pthread_mutex_unlock(&ix->mu);
            free(w->del);
            continue;
        }
        ix->wsegs[k++] = *w;
    }
    ix->nwsegs = k;
    free(gens);
    for (uint32_t i = 0; i < nretired; i++) {
        char path[4096];
        kh_seg_path(path, sizeof path, ix->dir, retired[i].seg->id);
        unlink(path);
        unlink_del(ix, retired[i].seg->id, retired[i].delgen);
    }
    /* the new snapshot: shares segments, copies deletions */
    kh_snapshot *s = calloc(1, sizeof *s);
    if (s)
        s->segs = calloc(ix->nwsegs ? ix->nwsegs : 1, sizeof *s->segs);
    if (!s || !s->segs) {
        free(s);
        return NOMEM(err); /* committed, but this handle shows the old */
    }
    s->refs = 1;
    s->gen = ix->man.gen;
    for (uint32_t i = 0; i < ix->nwsegs; i++) {
        kh_wseg *w = &ix->wsegs[i];
        kh_snapseg *g = &s->segs[i];
        g->seg = w->seg;
        g->del = w->del ? bits_dup(w->del, w->seg->ndocs) : NULL;
        g->ndel = w->ndel;
        g->delgen = w->delgen;
        s->ndocs += w->seg->ndocs - w->ndel;
    }
    s->nsegs = ix->nwsegs;
    pthread_mutex_lock(&ix->mu);
    for (uint32_t i = 0; i < s->nsegs; i++)
        s->segs[i].seg->refs++;
    kh_snapshot *old = ix->snap;
    ix->snap = s;
    if (--old->refs == 0)
        snapshot_free_locked(old);
    pthread_mutex_unlock(&ix->mu);
    return KH_OK;
}

/* Merges the last `count` working segments (all committed) into one and
 * commits the result: a stream through mergew.c, or through a builder
 * when a segment's field table is not this version's. */
static kh_status merge_tail(kh_index *ix, uint32_t count, kh_error *err) {
    uint32_t first = ix->nwsegs - count;
    kh_wseg *src = ix->wsegs + first;
    uint32_t id = ix->man.next_seg;
    char path[4096];
    kh_seg_path(path, sizeof path, ix->dir, id);
    kh_segment *seg = NULL;
    uint32_t live = 0;
    kh_status st;
    if (kh_merge_streamable(src, count)) {
        st = kh_merge_write(src, count, path, &live, err);
    } else {
        kh_builder b;
        st = kh_builder_init(&b, err);
        if (!st) {
            st = kh_merge_into(&b, src, count, err);
            live = kh_builder_live(&b);
            if (!st && live)
                st = kh_segment_write(&b, path, err);
            kh_builder_free(&b);
        }
    }
    if (!st && live)
        st = kh_segment_open_written(ix->dir, id, &seg, err);
    if (st) {
        unlink(path);
        return st;
    }
    ix->man.next_seg++;
    /* the working list becomes wsegs[0, first) + the merged segment */
    kh_wseg *retired = malloc(count * sizeof *retired);
    if (!retired) {
        pthread_mutex_lock(&ix->mu);
        seg_unref_locked(seg);
        pthread_mutex_unlock(&ix->mu);
        unlink(path);
        return NOMEM(err);
    }
    memcpy(retired, src, count * sizeof *retired);
    ix->nwsegs = first;
    if (seg)
        ix->wsegs[ix->nwsegs++] = (kh_wseg){.seg = seg, .fresh = 1};
    st = publish(ix, retired, count, err);
    if (st) { /* the old segments stay the index */
        if (seg) {
            pthread_mutex_lock(&ix->mu);
            seg_unref_locked(seg);
            pthread_mutex_unlock(&ix->mu);
        }
        memcpy(ix->wsegs + first, retired, count * sizeof *retired);
        ix->nwsegs = first + count;
        free(retired);
        unlink(path);
        return st;
    }
    pthread_mutex_lock(&ix->mu);
    for (uint32_t i = 0; i < count; i++)
        seg_unref_locked(retired[i].seg);
    pthread_mutex_unlock(&ix->mu);
    for (uint32_t i = 0; i < count; i++)
        free(retired[i].del);
    free(retired);
    return KH_OK;
}

/* The size class of a segment for merging: live documents in powers of
 * KH_MERGE_FACTOR above KH_MERGE_MIN_DOCS. */
static unsigned merge_level(const kh_wseg *w) {
    uint64_t n = w->seg->ndocs - w->ndel;
    unsigned lv = 0;
    for (uint64_t t = KH_MERGE_MIN_DOCS; n >= t; t *= KH_MERGE_FACTOR)
        lv++;
    return lv;
}

/* Logarithmic merging (as Lucene's LogMergePolicy): when the newest
 * KH_MERGE_FACTOR segments are of one size class they become one segment
 * of the next class, and so on up. Each document is rewritten about
 * log_F(N) times over the life of an index, and an index of N documents
 * keeps at most (F - 1) segments per class: O(F log_F N) segments for
 * readers to visit, instead of one more per commit. */
static kh_status merge_policy(kh_index *ix, kh_error *err) {
    const uint32_t F = KH_MERGE_FACTOR;
    while (ix->nwsegs >= F) {
        const kh_wseg *tail = ix->wsegs + ix->nwsegs - F;
        unsigned lv = merge_level(&tail[0]);
        uint32_t i = 1;
        while (i < F && merge_level(&tail[i]) == lv)
            i++;
        if (i < F)
            break;
        kh_status st = merge_tail(ix, F, err);
        if (st)
            return st;
    }
    return KH_OK;
}

kh_status kh_index_commit(kh_index *ix, kh_error *err) {
    kh_status st = need_writer(ix, err);
    if (st)
        return st;
    st = flush(ix, err);
    if (st)
        return st;
    int changed = 0;
    for (uint32_t i = 0; i < ix->nwsegs; i++)
        changed |= ix->wsegs[i].dirty || ix->wsegs[i].fresh;
    if (!changed)
        return KH_OK;
    st = publish(ix, NULL, 0, err);
    if (!st)
        ix->uncommitted = 0;
    /* the commit stands whatever merging does: a failed merge leaves the
     * segments as they are, to be merged at a later commit */
    if (!st && merge_policy(ix, err) != KH_OK)
        kh_error_clear(err);
    return st;
}

kh_status kh_index_optimize(kh_index *ix, kh_error *err) {
    kh_status st = kh_index_commit(ix, err);
    if (st)
        return st;
    int dels = 0;
    for (uint32_t i = 0; i < ix->nwsegs; i++)
        dels |= ix->wsegs[i].ndel > 0;
    if (ix->nwsegs < 2 && !dels)
        return KH_OK;
    return merge_tail(ix, ix->nwsegs, err);
}

kh_status kh_index_reload(kh_index *ix, kh_error *err) {
    if (!ix)
        return kh_fail(err, KH_ERR_ARG, "no index");
    if (ix->flags & KH_INDEX_WRITE)
        return KH_OK; /* the writer's snapshot is always its last commit */
    kh_snapshot *old = kh_snapshot_acquire(ix);
    kh_snapshot *s = NULL;
    kh_status st = open_latest(ix, old, NULL, &s, err);
    kh_snapshot_release(ix, old);
    if (st || !s)
        return st;
    pthread_mutex_lock(&ix->mu);
    kh_snapshot *prev = ix->snap;
    ix->snap = s;
    if (--prev->refs == 0)
        snapshot_free_locked(prev);
    pthread_mutex_unlock(&ix->mu);
    return KH_OK;
}

/* ---- reading ---------------------------------------------------------- */

kh_status kh_index_get(kh_index *ix, const char *id, char **json, size_t *len,
                       kh_error *err) {
    if (!ix || !id || !json)
        return kh_fail(err, KH_ERR_ARG, "kh_index_get: missing argument");
    kh_snapshot *s = kh_snapshot_acquire(ix);
    kh_status st =
        kh_fail(err, KH_ERR_NOT_FOUND, "no article with id '%s'", id);
    size_t n = strlen(id);
    for (uint32_t i = s->nsegs; i-- > 0;) { /* newest first */
        const kh_snapseg *g = &s->segs[i];
        uint32_t d = kh_seg_find_id(g->seg, id, n);
        if (d == UINT32_MAX || kh_bit(g->del, d))
            continue;
        st = kh_seg_stored(g->seg, d, json, len, err);
        break;
    }
    kh_snapshot_release(ix, s);
    return st;
}

kh_status kh_index_stats(kh_index *ix, kh_index_info *info, kh_error *err) {
    if (!ix || !info)
        return kh_fail(err, KH_ERR_ARG, "kh_index_stats: missing argument");
    memset(info, 0, sizeof *info);
    kh_snapshot *s = kh_snapshot_acquire(ix);
    info->generation = s->gen;
    info->segments = s->nsegs;
    info->documents = s->ndocs;
    for (uint32_t i = 0; i < s->nsegs; i++) {
        const kh_segment *g = s->segs[i].seg;
        info->deleted += s->segs[i].ndel;
        info->terms += g->nterms;
        info->bytes += g->map.size;
        info->dictionary_bytes +=
            (uint64_t)g->nterms * KH_TERM_ENTRY + g->term_str_len;
        info->postings_bytes += g->post_len;
        info->store_bytes += g->store_len;
        if (s->segs[i].delgen)
            info->bytes += 24 + ((uint64_t)g->ndocs + 7) / 8;
    }
    info->avg_title = kh_snapshot_avglen(s, KH_F_TITLE);
    info->avg_body = kh_snapshot_avglen(s, KH_F_BODY);
    kh_snapshot_release(ix, s);
    return KH_OK;
}

kh_workspace *kh_workspace_new(void) {
    kh_workspace *w = calloc(1, sizeof *w);
    kh_error err = {0};
    if (!w || kh_doc_new(&w->qdoc, &err) || kh_doc_new(&w->sdoc, &err) ||
        !(w->dctx = ZSTD_createDCtx())) {
        kh_workspace_free(w);
        return NULL;
    }
    return w;
}

void kh_workspace_free(kh_workspace *w) {
    if (!w)
        return;
    kh_doc_free(w->qdoc);
    kh_doc_free(w->sdoc);
    ZSTD_freeDCtx(w->dctx);
    free(w->acc);
    free(w->ents);
    free(w);
}
