// What session.cpp, session_settings.cpp and session_outputs.cpp share.
#pragma once

#include <string>
#include <vector>

#include "scratchnet/tensor/tensor.hpp"

namespace scratchnet {

// FNV-1a over 64-bit words (bytes would take half a second for Fashion-MNIST) of every
// matrix's rows, columns and numbers: a fingerprint of the numbers a run learns from or
// starts with, so that a checkpoint is not continued on other data.
template <class T>
std::string fingerprint_of(const std::vector<const Matrix<T>*>& matrices);

}  // namespace scratchnet
