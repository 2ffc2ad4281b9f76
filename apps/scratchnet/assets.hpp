// The playground page's files (apps/playground/), compiled into the binary by
// cmake/embed_files.cmake, so `scratchnet serve` works from any folder.
#pragma once

#include <string_view>
#include <vector>

namespace scratchnet::cli {

struct EmbeddedFile {
  std::string_view name;  // "index.html", "main.js": the path under apps/playground
  std::string_view bytes;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace scratchnet::cli
