#include "interp/output.h"

#include <cerrno>
#include <filesystem>

#include "support/atomic_write.h"

namespace kb::interp {

std::optional<std::string> write_output(const std::string& path, const std::string& content, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto st = fs::symlink_status(path, ec);
  bool exists = !ec && fs::exists(st);
  // Checked first for a clear message; write_file decides again atomically at the rename.
  if (exists && fs::is_directory(st)) return path + " is a directory; give a file name to -o";
  // Why: the report replaces the target by rename; a device, FIFO or symlink would be
  // replaced by a regular file (as root, /dev/null itself), so they are refused.
  if (exists && !fs::is_regular_file(st))
    return path + " is not a regular file (a device, FIFO or symlink); give a regular file to -o, "
                  "or -o - for standard output";
  const std::string exists_text =
      path + " already exists; choose another -o file or add --force to replace it";
  if (exists && !force) return exists_text;
  // Without --force the final step is a no-replace rename: of two concurrent runs
  // writing the same new file, exactly one succeeds.
  auto r = kb::write_file(path, content, {.replace = force, .remove_stale = true});
  if (r.ok()) return std::nullopt;
  if (!force && r.error_number == EEXIST) return exists_text;
  return r.error;  // names the file and what to do
}

}  // namespace kb::interp
