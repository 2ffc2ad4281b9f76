#include "scratchnet/run/out_folder.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <regex>

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

std::vector<std::string> run_files_in(const std::filesystem::path& out) {
  // What Session::write_outputs, checkpoints and the sweep write (pictures in every plot
  // format), each possibly as a temporary <name>.tmp.<pid>.<random>.
  static const std::regex run_file(
      R"(((costs\.csv|params\.json|metrics\.json|predictions\.csv|model\.json|checkpoint\.json|graph\.svg)|((learning_curve|learning_rate_sweep|decision_[a-z_]+)\.(png|svg|pdf)))(\.tmp\.[0-9]+\.[0-9]+)?)");
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(out, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && std::regex_match(name, run_file)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

void claim_for_new_run(const std::filesystem::path& out, bool replace) {
  const std::vector<std::string> files = run_files_in(out);
  if (files.empty()) return;
  if (!replace) {
    std::string listed;
    for (size_t i = 0; i < files.size() && i < 6; ++i)
      listed += (i ? ", " : "") + files[i];
    if (files.size() > 6) listed += ", … (" + std::to_string(files.size()) + " files)";
    throw FieldError("out", ": " + out.string() + " holds another run's files (" + listed +
                                "); choose another folder, or add {force} to replace that run "
                                "(its files are removed first)");
  }
  for (const std::string& name : files) {
    std::error_code ec;
    std::filesystem::remove(out / name, ec);
    if (ec)
      throw FieldError("out", ": cannot remove " + (out / name).string() +
                                  " of the run being replaced: " + ec.message());
  }
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
