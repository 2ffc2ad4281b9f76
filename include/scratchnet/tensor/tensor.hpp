// Tensors are Eigen matrices. Examples are the *columns* of a matrix (SPEC Part I.7):
// X has shape (features × m), W has shape (n_out × n_in), b has shape (n_out × 1).
#pragma once

#include <Eigen/Core>
#include <string>
#include <type_traits>

namespace scratchnet {

using Index = Eigen::Index;

// A dense, column-major matrix of scalar T (float or double; double is the default).
template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

// The shape of a matrix: rows × cols.
struct Shape {
  Index rows = 0;
  Index cols = 0;

  bool operator==(const Shape&) const = default;
  std::string str() const { return std::to_string(rows) + "×" + std::to_string(cols); }
};

// The scalar type's names: "float32" / "float64" (--dtype, model files, metrics) and the C++
// spelling "float" / "double" (messages about a number's range).
template <class T>
constexpr const char* dtype_name() {
  return std::is_same_v<T, float> ? "float32" : "float64";
}
template <class T>
constexpr const char* cxx_type_name() {
  return std::is_same_v<T, float> ? "float" : "double";
}

template <class T>
Shape shape_of(const Matrix<T>& m) {
  return {m.rows(), m.cols()};
}

}  // namespace scratchnet
