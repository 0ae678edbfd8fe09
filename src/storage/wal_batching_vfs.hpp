#pragma once
// Internal to storage/: an SQLite VFS that writes each commit's WAL frames to the file in one write.
//
// Why (issue 15, docs/performance.md): SQLite writes a WAL frame as two writes, its 24-byte header and
// its page, so a signature that changes 18 pages made 36 write system calls before its one fsync, under
// a virtual machine nearly half of the signature's processor time. This VFS is SQLite's own ("unix")
// with one difference: writes to a WAL file that continue one another are gathered in memory and
// written together
// - as soon as a commit's last frame is complete (its header says it commits), so the frames are in the
//   file before SQLite publishes them to other connections, whatever the synchronous setting;
// - before anything else touches the file (read, sync, size, truncate, lock, file control, close);
// - when they would not continue the gathered ones, or would not fit (124 KiB: "unix" writes less
//   than 128 KiB at a time).
// Nothing is acknowledged that is not in the file: a commit returns after the write and SQLite's fsync,
// as before; a process killed before that loses an uncommitted transaction, which SQLite never saw
// committed either. The database file and every other file go straight to "unix".
namespace infusion::storage::detail {

// The VFS's name, registered with SQLite on first use (not as the default). It wraps the VFS that is the
// default at that moment ("unix"; a test's fault-injecting VFS when that was installed first).
[[nodiscard]] const char* wal_batching_vfs();

}  // namespace infusion::storage::detail
