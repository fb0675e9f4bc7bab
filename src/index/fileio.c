/*
 * fileio.c — the file plumbing of the index: buffered writes that hash as
 * they go (xxh3), fsync of files and directories, whole-file read-only
 * mappings, and the names of segment and deletion files.
 */
#define _GNU_SOURCE /* O_DIRECT */
#include "index.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#define WBUF (1u << 20)
/* The alignment O_DIRECT asks of buffers, offsets and lengths. */
#define DIRECT_ALIGN 4096u

struct kh_wfile {
    _Alignas(DIRECT_ALIGN) uint8_t buf[WBUF];
    int fd;
    int direct; /* O_DIRECT is on */
    char *path;
    uint64_t off;
    size_t n;
    size_t hashed; /* bytes of buf already in h */
    XXH3_state_t *h;
};

uint64_t kh_hash64(const void *p, size_t n) {
    return XXH3_64bits(p, n);
}

int kh_buf_varint(kh_buf *b, uint64_t v) {
    if (kh_buf_reserve(b, 10))
        return -1;
    b->len += kh_varint_put((uint8_t *)b->data + b->len, v);
    return 0;
}

kh_status kh_wfile_open(const char *path, int direct, kh_wfile **out,
                        kh_error *err) {
    kh_wfile *w = aligned_alloc(DIRECT_ALIGN, sizeof *w);
    if (!w)
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    w->path = strdup(path);
    w->h = XXH3_createState();
    if (!w->path || !w->h) {
        free(w->path);
        XXH3_freeState(w->h);
        free(w);
        return kh_fail(err, KH_ERR_NOMEM, "out of memory");
    }
    XXH3_64bits_reset(w->h);
    int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    w->direct = 0;
    w->fd = -1;
#ifdef O_DIRECT
    if (direct) {
        w->fd = open(path, flags | O_DIRECT, 0644);
        w->direct = w->fd >= 0;
    }
#else
    (void)direct;
#endif
    if (w->fd < 0) /* also where the file system has no O_DIRECT */
        w->fd = open(path, flags, 0644);
    if (w->fd < 0) {
        kh_status st = kh_fail(err, KH_ERR_IO, "%s: cannot create: %s", path,
                               strerror(errno));
        free(w->path);
        XXH3_freeState(w->h);
        free(w);
        return st;
    }
    w->off = 0;
    w->n = w->hashed = 0;
    *out = w;
    return KH_OK;
}

/* Back to writes through the page cache, where O_DIRECT was refused. */
static int direct_off(kh_wfile *w) {
#ifdef O_DIRECT
    int fl = fcntl(w->fd, F_GETFL);
    if (fl < 0 || fcntl(w->fd, F_SETFL, fl & ~O_DIRECT) < 0)
        return -1;
#endif
    w->direct = 0;
    return 0;
}

/* The buffer's bytes not yet hashed into the running digest. Hashing a
 * buffer at a time rather than at every write: a segment is written in
 * hundreds of thousands of small pieces, and each update of the hash
 * state had a cost of its own. */
static void hash_pending(kh_wfile *w) {
    XXH3_64bits_update(w->h, w->buf + w->hashed, w->n - w->hashed);
    w->hashed = w->n;
}

/* Writes the buffer out. With O_DIRECT the last, partial buffer goes out
 * padded with zeros to the alignment, and the file is cut back to its
 * length after. */
static kh_status drain(kh_wfile *w, kh_error *err) {
    hash_pending(w);
    size_t done = 0, len = w->n;
    int cut = w->direct && len % DIRECT_ALIGN;
    if (cut) {
        size_t pad = DIRECT_ALIGN - len % DIRECT_ALIGN;
        memset(w->buf + len, 0, pad);
        len += pad;
    }
    while (done < len) {
        ssize_t k = write(w->fd, w->buf + done, len - done);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            /* a device or file system with other alignment rules, or a
             * short write that left the rest unaligned */
            if (errno == EINVAL && w->direct && !direct_off(w)) {
                len = done > w->n ? done : w->n;
                continue;
            }
            return kh_fail(err, KH_ERR_IO, "%s: write failed: %s", w->path,
                           strerror(errno));
        }
        done += (size_t)k;
    }
    if (cut && ftruncate(w->fd, (off_t)w->off) != 0)
        return kh_fail(err, KH_ERR_IO, "%s: cannot set its length: %s", w->path,
                       strerror(errno));
    w->n = w->hashed = 0;
    return KH_OK;
}

kh_status kh_wfile_write(kh_wfile *w, const void *p, size_t n, kh_error *err) {
    const uint8_t *s = p;
    w->off += n;
    while (n) {
        size_t k = WBUF - w->n < n ? WBUF - w->n : n;
        memcpy(w->buf + w->n, s, k);
        w->n += k;
        s += k;
        n -= k;
        if (w->n == WBUF) {
            kh_status st = drain(w, err);
            if (st)
                return st;
        }
    }
    return KH_OK;
}

kh_status kh_wfile_align(kh_wfile *w, size_t align, kh_error *err) {
    static const uint8_t zero[64];
    size_t pad = (size_t)((align - w->off % align) % align);
    return pad ? kh_wfile_write(w, zero, pad, err) : KH_OK;
}

uint64_t kh_wfile_offset(const kh_wfile *w) {
    return w->off;
}

uint64_t kh_wfile_digest(kh_wfile *w) {
    hash_pending(w);
    return XXH3_64bits_digest(w->h);
}

static void wfile_free(kh_wfile *w) {
    free(w->path);
    XXH3_freeState(w->h);
    free(w);
}

kh_status kh_wfile_close(kh_wfile *w, kh_error *err) {
    kh_status st = drain(w, err);
    if (!st && fsync(w->fd))
        st = kh_fail(err, KH_ERR_IO, "%s: fsync failed: %s", w->path,
                     strerror(errno));
    if (close(w->fd) && !st)
        st = kh_fail(err, KH_ERR_IO, "%s: close failed: %s", w->path,
                     strerror(errno));
    if (st)
        unlink(w->path);
    wfile_free(w);
    return st;
}

void kh_wfile_abort(kh_wfile *w) {
    if (!w)
        return;
    close(w->fd);
    unlink(w->path);
    wfile_free(w);
}

kh_status kh_fsync_dir(const char *dir, kh_error *err) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return kh_fail(err, KH_ERR_IO, "%s: cannot open: %s", dir,
                       strerror(errno));
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    if (rc && e != EINVAL) /* some file systems cannot sync directories */
        return kh_fail(err, KH_ERR_IO, "%s: fsync failed: %s", dir,
                       strerror(e));
    return KH_OK;
}

kh_status kh_map_open(const char *path, kh_map *m, kh_error *err) {
    m->data = NULL;
    m->size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kh_fail(err, errno == ENOENT ? KH_ERR_NOT_FOUND : KH_ERR_IO,
                       "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st)) {
        close(fd);
        return kh_fail(err, KH_ERR_IO, "%s: cannot stat: %s", path,
                       strerror(errno));
    }
    if (st.st_size == 0) {
        close(fd);
        return kh_fail(err, KH_ERR_CORRUPT, "%s: empty file", path);
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd); /* the mapping keeps the file alive, even once unlinked */
    if (p == MAP_FAILED)
        return kh_fail(err, KH_ERR_IO, "%s: cannot map: %s", path,
                       strerror(errno));
    m->data = p;
    m->size = (size_t)st.st_size;
    return KH_OK;
}

void kh_map_close(kh_map *m) {
    if (m->data)
        munmap((void *)m->data, m->size);
    m->data = NULL;
    m->size = 0;
}

void kh_seg_path(char *out, size_t cap, const char *dir, uint32_t seg) {
    snprintf(out, cap, "%s/seg_%08u.kseg", dir, seg);
}

void kh_del_path(char *out, size_t cap, const char *dir, uint32_t seg,
                 uint32_t gen) {
    snprintf(out, cap, "%s/seg_%08u_%u.kdel", dir, seg, gen);
}
