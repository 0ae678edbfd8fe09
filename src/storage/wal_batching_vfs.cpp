// The WAL-batching VFS (wal_batching_vfs.hpp says what and why). Sections: 1. the gathered writes
// 2. the WAL file's methods  3. the VFS
#include "storage/wal_batching_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <stdexcept>

namespace infusion::storage::detail {
namespace {

constexpr const char* vfs_name = "infusiondoc-wal-batching";
// Gathered bytes before they are written anyway: "unix" writes at most 128 KiB - 1 bytes per call (a
// longer write reports a full disk), and a signature's frames take about 75 KiB.
constexpr int capacity = 124 * 1024;
constexpr int frame_header_size = 24;  // SQLite's WAL frame header (wal.c)
constexpr sqlite3_int64 wal_header_size = 32;

sqlite3_vfs* g_base = nullptr;  // the VFS this one wraps: the default when first used ("unix")

// ---- 1. the gathered writes --------------------------------------------------------------------
// A WAL file as SQLite sees it: our methods in front, the wrapped VFS's file after it, in one allocation.
struct WalFile {
    sqlite3_file base;    // must be first: SQLite hands us this pointer
    sqlite3_file* real;   // the wrapped VFS's file, just after this struct
    char* buffer;         // sqlite3_malloc'd on the first write, `capacity` bytes
    int used;             // bytes gathered
    sqlite3_int64 start;  // where in the file buffer[0] goes
    bool commit_pending;  // the last write was a commit frame's header: its page completes the commit
};

constexpr int aligned(int n) { return (n + 7) & ~7; }

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<WalFile*>(f)->real; }

int flush(WalFile* w) {
    if (w->used == 0) return SQLITE_OK;
    const int rc = w->real->pMethods->xWrite(w->real, w->buffer, w->used, w->start);
    w->used = 0;
    return rc;
}

int flush(sqlite3_file* f) { return flush(reinterpret_cast<WalFile*>(f)); }

// A frame header whose "database size after commit" (bytes 4 to 7, big-endian) is not zero ends a commit.
bool is_commit_header(const unsigned char* header) { return (header[4] | header[5] | header[6] | header[7]) != 0; }

// ---- 2. the WAL file's methods -----------------------------------------------------------------
int wal_close(sqlite3_file* f) {
    auto* w = reinterpret_cast<WalFile*>(f);
    const int flushed = flush(w);
    const int closed = w->real->pMethods->xClose(w->real);
    sqlite3_free(w->buffer);
    w->buffer = nullptr;
    return flushed != SQLITE_OK ? flushed : closed;
}

int wal_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_of(f)->pMethods->xRead(real_of(f), out, amount, offset);
}

int wal_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
    auto* w = reinterpret_cast<WalFile*>(f);
    const auto* bytes = static_cast<const unsigned char*>(data);
    const bool completes_commit = w->commit_pending;
    const bool header = amount == frame_header_size && offset >= wal_header_size;
    w->commit_pending = header && is_commit_header(bytes);
    // Should SQLite ever write a frame whole (header and page in one write), a commit frame is written at
    // once too. Pages are powers of two from 512 to 65536 bytes; a page written alone is not this.
    const int page = amount - frame_header_size;
    const bool whole_commit_frame = page >= 512 && page <= 65536 && (page & (page - 1)) == 0 &&
                                    offset >= wal_header_size && (offset - wal_header_size) % amount == 0 &&
                                    is_commit_header(bytes);

    if (w->used > 0 && (offset != w->start + w->used || w->used + amount > capacity)) {
        if (const int rc = flush(w); rc != SQLITE_OK) return rc;
    }
    if (amount > capacity) return w->real->pMethods->xWrite(w->real, data, amount, offset);
    if (w->buffer == nullptr) {
        w->buffer = static_cast<char*>(sqlite3_malloc(capacity));
        if (w->buffer == nullptr) return w->real->pMethods->xWrite(w->real, data, amount, offset);
    }
    if (w->used == 0) w->start = offset;
    std::memcpy(w->buffer + w->used, data, static_cast<std::size_t>(amount));
    w->used += amount;
    return completes_commit || whole_commit_frame ? flush(w) : SQLITE_OK;
}

int wal_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

int wal_sync(sqlite3_file* f, int flags) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}

int wal_file_size(sqlite3_file* f, sqlite3_int64* size) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

int wal_lock(sqlite3_file* f, int level) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_of(f)->pMethods->xLock(real_of(f), level);
}

int wal_unlock(sqlite3_file* f, int level) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_of(f)->pMethods->xUnlock(real_of(f), level);
}

int wal_check_reserved_lock(sqlite3_file* f, int* out) {
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

int wal_file_control(sqlite3_file* f, int op, void* arg) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}

int wal_sector_size(sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }

int wal_device_characteristics(sqlite3_file* f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); }

int wal_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return real_of(f)->pMethods->xShmMap(real_of(f), region, size, extend, out);
}

int wal_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}

void wal_shm_barrier(sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }

int wal_shm_unmap(sqlite3_file* f, int delete_flag) { return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag); }

int wal_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_of(f)->pMethods->xFetch(real_of(f), offset, amount, out);
}

int wal_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
    return real_of(f)->pMethods->xUnfetch(real_of(f), offset, page);
}

const sqlite3_io_methods wal_methods = {
    3,
    wal_close,
    wal_read,
    wal_write,
    wal_truncate,
    wal_sync,
    wal_file_size,
    wal_lock,
    wal_unlock,
    wal_check_reserved_lock,
    wal_file_control,
    wal_sector_size,
    wal_device_characteristics,
    wal_shm_map,
    wal_shm_lock,
    wal_shm_barrier,
    wal_shm_unmap,
    wal_fetch,
    wal_unfetch,
};

// ---- 3. the VFS --------------------------------------------------------------------------------
int vfs_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    // Every file but a WAL is the wrapped VFS's own, opened in place (our size is larger than its).
    if ((flags & SQLITE_OPEN_WAL) == 0) return g_base->xOpen(g_base, name, file, flags, out_flags);
    auto* w = reinterpret_cast<WalFile*>(file);
    auto* real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + aligned(sizeof(WalFile)));
    std::memset(real, 0, static_cast<std::size_t>(g_base->szOsFile));
    w->base.pMethods = nullptr;
    w->real = real;
    w->buffer = nullptr;
    w->used = 0;
    w->start = 0;
    w->commit_pending = false;
    const int rc = g_base->xOpen(g_base, name, real, flags, out_flags);
    if (rc != SQLITE_OK) {
        if (real->pMethods != nullptr) real->pMethods->xClose(real);
        return rc;
    }
    if (real->pMethods->iVersion < wal_methods.iVersion) {
        // Not a VFS like the one this was written against (its methods lack memory mapping): refused rather
        // than guessed at.
        real->pMethods->xClose(real);
        return SQLITE_CANTOPEN;
    }
    w->base.pMethods = &wal_methods;
    return rc;
}

sqlite3_vfs make_vfs() {
    g_base = sqlite3_vfs_find(nullptr);
    if (g_base == nullptr) throw std::runtime_error("SQLite has no default VFS");
    sqlite3_vfs vfs = *g_base;  // its methods, its app data: only opening differs
    vfs.pNext = nullptr;
    vfs.zName = vfs_name;
    vfs.szOsFile = std::max(g_base->szOsFile, aligned(sizeof(WalFile)) + g_base->szOsFile);
    vfs.xOpen = vfs_open;
    return vfs;
}

}  // namespace

const char* wal_batching_vfs() {
    static sqlite3_vfs vfs = make_vfs();
    static const int registered = sqlite3_vfs_register(&vfs, 0);
    if (registered != SQLITE_OK) throw std::runtime_error("cannot register SQLite's WAL-batching VFS");
    return vfs_name;
}

}  // namespace infusion::storage::detail
