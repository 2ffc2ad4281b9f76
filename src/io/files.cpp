#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "scratchnet/io/io.hpp"

namespace scratchnet {

std::string full_precision(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

std::filesystem::path temporary_path_for(const std::filesystem::path& path) {
  return path.string() + ".tmp." + std::to_string(::getpid()) + "." +
         std::to_string(std::random_device{}() & 0xffffff);
}

void write_file_atomically(const std::filesystem::path& path, const std::string& content,
                           const std::function<void(const std::filesystem::path&)>& before_rename) {
  const std::filesystem::path tmp = temporary_path_for(path);
  std::FILE* file = std::fopen(tmp.c_str(), "wb");
  if (!file) throw Error("cannot write '" + path.string() + "': " + std::strerror(errno));
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size() &&
                       std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const int write_errno = errno;
  if (std::fclose(file) != 0 || !written) {
    std::remove(tmp.c_str());
    throw Error("cannot write '" + path.string() + "': " + std::strerror(write_errno));
  }
  if (before_rename) before_rename(tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int rename_errno = errno;
    std::remove(tmp.c_str());
    throw Error("cannot write '" + path.string() + "': " + std::strerror(rename_errno));
  }
  // The rename lives in the folder: without syncing it, a power cut could bring back the old
  // file (or none) although the new one's bytes are on disk. Best effort: some file systems
  // refuse fsync on a folder, and the file itself is already safe.
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void write_costs_csv(const std::filesystem::path& path, const CostLog& log) {
  std::string out = "epoch,cost\n";
  for (size_t i = 0; i < log.epochs.size(); ++i)
    out += std::to_string(log.epochs[i]) + "," + full_precision(log.costs[i]) + "\n";
  write_file_atomically(path, out);
}

}  // namespace scratchnet
