#pragma once
/// \file
/// Writing a file so that readers see the old file or the whole new one, never a mix:
/// a temporary file next to the target (`.NAME.tmpPID`), fsync, rename (or a no-replace
/// link), fsync of the directory. Interrupted writes are cleaned up: SIGINT/SIGTERM/
/// SIGHUP remove the temporaries in flight (install_interrupt_cleanup), and temporaries
/// of a process that died (kill -9, power loss) are removed by the next write to the
/// same target. Depends on libc only, so every tool (kbcheck, kbinterp, kbimport) links
/// it (target kb_atomic_write) without reaching into kbcheck's internals.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kb {

/// How write_file() treats an existing target.
struct WriteOptions {
  /// false: fail with EEXIST when the target exists, decided atomically at the final
  /// step (renameat2(RENAME_NOREPLACE), or link(2) where that is unsupported), so of two
  /// concurrent writers exactly one succeeds.
  bool replace = true;
  /// Remove stale `.NAME.tmpPID` files of this target first (remove_stale_temporaries:
  /// one directory scan). Off for callers writing many files into a new directory.
  bool remove_stale = true;
};

/// What write_file() did: nothing on success, else a message and the errno behind it.
struct WriteResult {
  std::string error;  ///< empty on success; names the file and what to do
  /// EEXIST (target exists, !replace), EINVAL (target is not a regular file), EFBIG
  /// (file size limit), or the errno of the call that failed.
  int error_number = 0;
  bool ok() const { return error.empty(); }
};

/// Writes `content` to `path` atomically. The new file gets mode 0666 less the umask, or
/// the permission bits of the regular file it replaces. A target that exists and is not a
/// regular file (FIFO, device, socket, directory, symlink) is refused and left as it is.
/// Stale temporaries of `path` left by dead processes are removed first.
WriteResult write_file(const std::filesystem::path& path, std::string_view content,
                       const WriteOptions& options = {});

/// write_file() that replaces and skips the stale scan (for many files in a new
/// directory, such as kbimport's staging tree), returning just the error message.
std::optional<std::string> write_file_atomic(const std::filesystem::path& path,
                                             std::string_view content);

/// fsync of a directory, so that renames and new entries in it survive a crash (best
/// effort: some file systems refuse it, and nothing is reported).
void sync_directory(const std::filesystem::path& dir);

/// Test hook (docs/testing.md): with KB_TEST_PAUSE_WRITE=FILE in the environment, creates
/// FILE and waits for SIGUSR1, so a test can interrupt a write at a known point. Does
/// nothing otherwise. write_file() calls it once its temporary is complete.
void test_pause_point();

/// The temporary name write_file() uses for `path` in process `pid`: `.NAME.tmpPID`.
std::filesystem::path temporary_name(const std::filesystem::path& path, long pid);

/// Removes `.NAME.tmpPID` files next to `path` (exact pattern, decimal PID) that are
/// regular files owned by this user and whose process no longer exists (kill(pid, 0)
/// fails with ESRCH). Returns how many were removed.
int remove_stale_temporaries(const std::filesystem::path& path);

/// A readable reason for a failed write(2)/fsync(2) errno: EFBIG names the file size
/// limit (`ulimit -f`, in 1024-byte blocks in bash) and ENOSPC the full disk.
std::string write_error_text(int error_number);

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the temporaries of
/// writes in progress, print "PROGRAM: interrupted by SIGxxx; ..." and end the process by
/// the same signal (so its exit status, as a shell reports it, is 128+n). A signal that
/// was ignored when the program started (nohup, background jobs) stays ignored. Also
/// ignores SIGXFSZ, so that a write past the file size limit fails with EFBIG (reported
/// by write_file) instead of killing the process. Call once, early in main().
void install_interrupt_cleanup(const char* program);

/// Registers a path for removal if the process is interrupted (async-signal-safe
/// registry of a fixed number of slots). Returns a slot id, or -1 when the registry is
/// full or the path too long (the write then still works, only without that cleanup).
int register_cleanup(const std::filesystem::path& path);

/// Registers a flat directory (files only, no subdirectories), such as a staging
/// directory that is renamed into place when complete, for removal with its files if the
/// process is interrupted. Returns a slot id or -1, as register_cleanup.
int register_cleanup_directory(const std::filesystem::path& dir);

/// Forgets a slot returned by register_cleanup or register_cleanup_directory (the file or
/// directory was renamed or removed).
void unregister_cleanup(int slot);

}  // namespace kb
