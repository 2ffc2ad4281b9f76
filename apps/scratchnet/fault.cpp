#include "fault.hpp"

#include <cstdlib>
#include <string>
#include <utility>

#include "progress.hpp"
#include "scratchnet/tensor/error.hpp"

namespace scratchnet::cli {

Fault fault_from_environment() {
  const char* text = std::getenv("SCRATCHNET_FAULT");
  if (!text || !*text) return {};
  const std::string spec = text;
  const std::pair<const char*, Fault::Kind> kinds[] = {
      {"kill-after-epochs:", Fault::Kind::kill_after},
      {"kill-during-checkpoint-write:", Fault::Kind::kill_in_write},
      {"kill-mid-checkpoint-write:", Fault::Kind::kill_mid_write},
      {"sigint-after-epochs:", Fault::Kind::sigint_after}};
  if (spec == "kill-before-checkpoint-removal") return {Fault::Kind::kill_before_removal, 0};
  if (spec == kProgressClockLate) return {Fault::Kind::progress_clock_late, 0};
  for (const auto& [prefix, kind] : kinds) {
    const std::string p = prefix;
    if (spec.rfind(p, 0) != 0) continue;
    char* end = nullptr;
    const long n = std::strtol(spec.c_str() + p.size(), &end, 10);
    if (end != spec.c_str() + p.size() && *end == '\0' && n >= 0) return {kind, n};
  }
  throw UsageError("SCRATCHNET_FAULT: unknown fault '" + spec +
                   "' (expected kill-after-epochs:N, kill-during-checkpoint-write:K, "
                   "kill-mid-checkpoint-write:K, kill-before-checkpoint-removal, "
                   "sigint-after-epochs:N or " +
                   std::string(kProgressClockLate) + ")");
}

}  // namespace scratchnet::cli
