#pragma once
/// \file
/// A file compiled into the binary by kb_embed_files (cmake/EmbedFiles.cmake).

#include <string_view>

namespace kb {

struct EmbeddedFile {
  std::string_view name;  ///< the file name without its suffix: "KB2001", "evidence"
  std::string_view text;
};

}  // namespace kb
