// The folder a run writes into (RunConfig::out), made so that a failing run leaves it as
// it found it.
#pragma once

#include <exception>
#include <filesystem>
#include <string>
#include <vector>

namespace scratchnet {

// Creates the folder `out` if needed; FieldError naming the field "out" when that is
// impossible (a file is in the way, no permission).
std::filesystem::path prepare_out_dir(const std::string& out);

// The files runs leave in a folder (costs.csv, model.json, checkpoint.json, the pictures, and
// temporaries of interrupted writes) among those in `out`, sorted by name; others are not
// a run's and are never touched.
std::vector<std::string> run_files_in(const std::filesystem::path& out);

// Makes `out` ready for a new run (not a resumed one): a folder holding another run's files
// is refused, FieldError "out" naming them and how to proceed, unless `replace`, which
// removes those files first, so the folder never mixes two runs.
void claim_for_new_run(const std::filesystem::path& out, bool replace);

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
