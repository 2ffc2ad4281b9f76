// The folder a run writes into (RunConfig::out), made so that a failing run leaves it as
// it found it.
#pragma once

#include <exception>
#include <filesystem>
#include <string>

namespace scratchnet {

// Creates the folder `out` if needed; FieldError naming the field "out" when that is
// impossible (a file is in the way, no permission).
std::filesystem::path prepare_out_dir(const std::string& out);

// The out folder of a run, created at once (prepare_out_dir) so that a path that cannot be
// written is refused before any work. A run that fails (an exception leaves the scope of the
// OutFolder) removes the folders it created, with what it wrote in them: a failing run leaves
// the folder as it found it. A folder that existed before keeps what it held.
class OutFolder {
 public:
  explicit OutFolder(const std::string& out);
  ~OutFolder();
  OutFolder(const OutFolder&) = delete;
  OutFolder& operator=(const OutFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path created_;  // the outermost folder this run created; empty if none
  int exceptions_ = std::uncaught_exceptions();
};

}  // namespace scratchnet
