// Training checkpoints: checkpoint.json, one file holding everything needed to continue a
// run in another process and end bit for bit where an uninterrupted run ends — the
// parameters at full precision, the optimiser's state, the shuffle generator's state and
// order, the cost log — plus the settings that decide the result, and a checksum of it all.
//
//   save_checkpoint(out / "checkpoint.json", {settings, trainer.state()});   // atomic
//   Checkpoint<double> c = load_checkpoint<double>(out / "checkpoint.json");
//   if (auto why = settings_difference(c.settings, settings)) refuse(*why);
//   trainer.restore(c.state);  trainer.run(options, hooks);
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scratchnet/train/train.hpp"

namespace scratchnet {

inline constexpr int kCheckpointFormatVersion = 2;

// Settings: (name, value as text) pairs, e.g. ("--lr", "0.5"), that decide a run's result.
using RunSettings = std::vector<std::pair<std::string, std::string>>;

template <class T>
struct Checkpoint {
  RunSettings settings{};
  TrainingState<T> state{};
};

// Writes `checkpoint` to `path` atomically (temporary file, fsync, rename, fsync of the
// folder): a crash leaves the previous checkpoint or the new one, never a mix.
// `before_rename` is write_file_atomically's fault-injection hook.
template <class T>
void save_checkpoint(const std::filesystem::path& path, const Checkpoint<T>& checkpoint,
                     const std::function<void(const std::filesystem::path&)>& before_rename = {});

// Reads and verifies a checkpoint. Throws DataError naming the file and the problem: not
// JSON, not a checkpoint, another version, a checksum that does not match the content
// (a damaged file), a scalar type other than T, a missing or mistyped field.
template <class T>
Checkpoint<T> load_checkpoint(const std::filesystem::path& path);

// The first setting that differs, in words ("--lr: the checkpoint has 0.5, this run 0.1"),
// or nothing when both have the same settings.
std::optional<std::string> settings_difference(const RunSettings& saved,
                                               const RunSettings& current);

}  // namespace scratchnet
