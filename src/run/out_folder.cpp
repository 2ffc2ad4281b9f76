#include "scratchnet/run/out_folder.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "scratchnet/tensor/error.hpp"

namespace scratchnet {

std::filesystem::path prepare_out_dir(const std::string& out) {
  std::error_code ec;
  if (std::filesystem::exists(out, ec) && !std::filesystem::is_directory(out, ec))
    throw FieldError("out", ": '" + out + "' is a file, expected a folder to write into");
  std::filesystem::create_directories(out, ec);
  if (ec || !std::filesystem::is_directory(out))
    throw FieldError("out",
                     ": cannot create the folder '" + out + "'" + (ec ? ": " + ec.message() : ""));
  if (::access(out.c_str(), W_OK) != 0)
    throw FieldError("out", ": cannot write in the folder '" + out + "': " + std::strerror(errno));
  return out;
}

OutFolder::OutFolder(const std::string& out) : path_(out) {
  std::error_code ec;
  for (std::filesystem::path p = path_; !p.empty() && !std::filesystem::exists(p, ec);
       p = p.parent_path()) {
    created_ = p;
    if (p == p.parent_path()) break;
  }
  prepare_out_dir(out);
}

OutFolder::~OutFolder() {
  if (std::uncaught_exceptions() > exceptions_ && !created_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(created_, ec);  // best effort: the run's error is the news
  }
}

}  // namespace scratchnet
