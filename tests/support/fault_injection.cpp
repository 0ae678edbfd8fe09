// The fault-injecting VFS (fault_injection.hpp): every method forwards to the default VFS's file;
// xWrite and xSync consult the injector first. rename() and fsync() are interposed for the program's
// own files (exports, backups, the head file); an fsync through SQLite's unix VFS lands there too.
#include "support/fault_injection.hpp"

#include <dlfcn.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstring>

namespace infusion::test {
namespace {

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs{};
sqlite3_io_methods g_methods{};

struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real;  // the default VFS's file, in the same allocation after this struct
};

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->real; }

int f_close(sqlite3_file* f) { return real_of(f)->pMethods->xClose(real_of(f)); }
int f_read(sqlite3_file* f, void* p, int n, sqlite3_int64 at) {
    return real_of(f)->pMethods->xRead(real_of(f), p, n, at);
}
int f_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 at) {
    if (FaultInjector::instance().should_fail(Fault::write)) return SQLITE_IOERR_WRITE;
    return real_of(f)->pMethods->xWrite(real_of(f), p, n, at);
}
int f_truncate(sqlite3_file* f, sqlite3_int64 size) { return real_of(f)->pMethods->xTruncate(real_of(f), size); }
int f_sync(sqlite3_file* f, int flags) {
    if (FaultInjector::instance().should_fail(Fault::sync)) return SQLITE_IOERR_FSYNC;
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}
int f_file_size(sqlite3_file* f, sqlite3_int64* size) { return real_of(f)->pMethods->xFileSize(real_of(f), size); }
int f_lock(sqlite3_file* f, int level) { return real_of(f)->pMethods->xLock(real_of(f), level); }
int f_unlock(sqlite3_file* f, int level) { return real_of(f)->pMethods->xUnlock(real_of(f), level); }
int f_check_reserved(sqlite3_file* f, int* out) { return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out); }
int f_file_control(sqlite3_file* f, int op, void* arg) {
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
int f_sector_size(sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
int f_device(sqlite3_file* f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); }
int f_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return real_of(f)->pMethods->xShmMap(real_of(f), page, size, extend, out);
}
int f_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}
void f_shm_barrier(sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }
int f_shm_unmap(sqlite3_file* f, int remove) { return real_of(f)->pMethods->xShmUnmap(real_of(f), remove); }
int f_fetch(sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
    return real_of(f)->pMethods->xFetch(real_of(f), at, n, out);
}
int f_unfetch(sqlite3_file* f, sqlite3_int64 at, void* p) { return real_of(f)->pMethods->xUnfetch(real_of(f), at, p); }

int f_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    auto* wrapper = reinterpret_cast<FaultFile*>(file);
    wrapper->real = reinterpret_cast<sqlite3_file*>(wrapper + 1);
    wrapper->base.pMethods = nullptr;
    const int rc = g_real->xOpen(g_real, name, wrapper->real, flags, out_flags);
    if (wrapper->real->pMethods != nullptr) wrapper->base.pMethods = &g_methods;
    return rc;
}

void install() {
    g_real = sqlite3_vfs_find(nullptr);
    g_vfs = *g_real;
    g_vfs.zName = "infusiondoc-faults";
    g_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + g_real->szOsFile;
    g_vfs.xOpen = f_open;
    g_methods.iVersion = 3;
    g_methods.xClose = f_close;
    g_methods.xRead = f_read;
    g_methods.xWrite = f_write;
    g_methods.xTruncate = f_truncate;
    g_methods.xSync = f_sync;
    g_methods.xFileSize = f_file_size;
    g_methods.xLock = f_lock;
    g_methods.xUnlock = f_unlock;
    g_methods.xCheckReservedLock = f_check_reserved;
    g_methods.xFileControl = f_file_control;
    g_methods.xSectorSize = f_sector_size;
    g_methods.xDeviceCharacteristics = f_device;
    g_methods.xShmMap = f_shm_map;
    g_methods.xShmLock = f_shm_lock;
    g_methods.xShmBarrier = f_shm_barrier;
    g_methods.xShmUnmap = f_shm_unmap;
    g_methods.xFetch = f_fetch;
    g_methods.xUnfetch = f_unfetch;
    sqlite3_vfs_register(&g_vfs, 1);  // the default from now on: every Database::open goes through it
}

}  // namespace

const char* to_string(Fault fault) {
    switch (fault) {
        case Fault::write: return "write";
        case Fault::sync: return "fsync";
        case Fault::rename: return "rename";
    }
    return "?";
}

FaultInjector::FaultInjector() { install(); }

FaultInjector& FaultInjector::instance() {
    static FaultInjector injector;
    return injector;
}

void FaultInjector::arm(Fault kind, int nth) {
    m_armed = true;
    m_kind = kind;
    m_nth = nth;
    m_seen = 0;
    m_fired = false;
}

void FaultInjector::disarm() { m_armed = false; }

bool FaultInjector::fired() const { return m_fired; }

bool FaultInjector::should_fail(Fault kind) {
    if (!m_armed || kind != m_kind) return false;
    if (++m_seen != m_nth) return false;
    m_fired = true;
    return true;
}

}  // namespace infusion::test

// Interposed: the executable's definitions win over libc's for every caller in the process (the
// program's static libraries, libstdc++'s std::filesystem::rename, SQLite's unix VFS).
extern "C" int rename(const char* from, const char* to) {
    using Rename = int (*)(const char*, const char*);
    static const auto real = reinterpret_cast<Rename>(dlsym(RTLD_NEXT, "rename"));
    if (infusion::test::FaultInjector::instance().should_fail(infusion::test::Fault::rename)) {
        errno = EIO;
        return -1;
    }
    return real(from, to);
}

// A finished export gets its name with linkat() (app/atomic_file.cpp): the rename fault covers it too.
extern "C" int linkat(int from_dir, const char* from, int to_dir, const char* to, int flags) {
    using Linkat = int (*)(int, const char*, int, const char*, int);
    static const auto real = reinterpret_cast<Linkat>(dlsym(RTLD_NEXT, "linkat"));
    if (infusion::test::FaultInjector::instance().should_fail(infusion::test::Fault::rename)) {
        errno = EIO;
        return -1;
    }
    return real(from_dir, from, to_dir, to, flags);
}

extern "C" int fsync(int fd) {
    using Fsync = int (*)(int);
    static const auto real = reinterpret_cast<Fsync>(dlsym(RTLD_NEXT, "fsync"));
    if (infusion::test::FaultInjector::instance().should_fail(infusion::test::Fault::sync)) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}
