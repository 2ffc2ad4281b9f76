// FNV-1a, 64 bits: a fast, simple checksum (not cryptographic). Model files and checkpoints
// carry one of their content, to tell a damaged file; a run fingerprints its data with one,
// to tell a CSV changed in place.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace scratchnet {

class Fnv1a64 {
 public:
  // hash = (hash ⊕ byte) · prime, byte by byte: the standard FNV-1a.
  Fnv1a64& add(std::string_view bytes) {
    for (const char c : bytes)
      add_word(static_cast<unsigned char>(c));
    return *this;
  }
  // The same step on a whole 64-bit word: eight times fewer steps over a large matrix.
  Fnv1a64& add_word(std::uint64_t word) {
    hash_ ^= word;
    hash_ *= kPrime;
    return *this;
  }
  std::uint64_t value() const { return hash_; }
  std::string hex() const {  // 16 lowercase hex digits
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash_));
    return text;
  }

 private:
  static constexpr std::uint64_t kOffsetBasis = 0xcbf29ce484222325;
  static constexpr std::uint64_t kPrime = 0x100000001b3;
  std::uint64_t hash_ = kOffsetBasis;
};

}  // namespace scratchnet
