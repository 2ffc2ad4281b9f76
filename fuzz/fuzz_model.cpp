// libFuzzer harness for the model loader: parse_model as double and as float, then the
// same content re-signed (resign_model_json lays it out and gives it a fresh checksum), so
// that mutations get past the checksum and the layout to the checks of the content. A model
// that loads must run: a forward pass on inputs of its width.
// scratchnet::Error is the expected way to refuse; anything else is a bug: another
// exception escapes and aborts, ASan and UBSan abort, a failed FUZZ_CHECK aborts.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz.hpp"
#include "scratchnet/io/model_file.hpp"
#include "scratchnet/tensor/error.hpp"

namespace {

using namespace scratchnet;

// What a model that loads promises: its layers chain from its inputs, so it runs.
template <class T>
void check(SavedModel<T>& saved) {
  FUZZ_CHECK(!saved.model.layers().empty());
  for (const LinearLayer<T>* layer : saved.model.linear_layers())
    FUZZ_CHECK(layer->W().allFinite() && layer->b().allFinite());
  const Matrix<T> raw = Matrix<T>::Zero(static_cast<Index>(saved.feature_names.size()), 2);
  const Matrix<T> X = apply_crosses(raw, saved.crosses);
  const Matrix<T> Y = saved.model.forward(X);  // a ShapeError here escapes: a bug
  FUZZ_CHECK(Y.cols() == 2);
}

template <class T>
void load(const std::string& text) {
  SavedModel<T> saved;
  try {
    saved = parse_model<T>(text, "model.json");
  } catch (const Error&) {
    return;
  }
  check(saved);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  load<double>(text);
  load<float>(text);
  std::string resigned;
  try {
    resigned = resign_model_json(text);
  } catch (const Error&) {
    return 0;
  }
  load<double>(resigned);
  load<float>(resigned);
  return 0;
}
