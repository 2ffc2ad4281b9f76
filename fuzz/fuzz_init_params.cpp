// libFuzzer harness for the --init-params reader: parse_params_json as double and float,
// then set_params into the article's 2-3-1 network and into a network shaped by the
// parameters themselves, each followed by a forward pass.
// scratchnet::Error is the expected way to refuse; anything else is a bug: another
// exception escapes and aborts, ASan and UBSan abort, a failed FUZZ_CHECK aborts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz.hpp"
#include "scratchnet/io/io.hpp"
#include "scratchnet/nn/nn.hpp"
#include "scratchnet/tensor/error.hpp"

namespace {

using namespace scratchnet;

template <class T>
void run(Sequential<T>& model, Index inputs) {
  const Matrix<T> Y = model.forward(Matrix<T>::Ones(inputs, 3));
  FUZZ_CHECK(Y.cols() == 3);
}

template <class T>
void load(std::string_view text) {
  std::vector<LayerParams<T>> params;
  try {
    params = parse_params_json<T>(text, "params.json");
  } catch (const Error&) {
    return;
  }
  FUZZ_CHECK(!params.empty());
  for (const LayerParams<T>& layer : params) {
    FUZZ_CHECK(layer.W.size() > 0 && layer.b.size() > 0);
    FUZZ_CHECK(layer.W.allFinite() && layer.b.allFinite());
  }

  // The article's XOR network: 2 → 3 → 1, sigmoid after each linear layer.
  NumpyRandom rng(1);
  NetworkSpec spec;
  spec.hidden = {3};
  Sequential<T> xor_network = make_network<T>(spec, rng);
  bool fits = true;
  try {
    set_params(xor_network, params, "params.json");
  } catch (const Error&) {
    fits = false;
  }
  if (fits) run(xor_network, 2);

  // Layers of the parameters' own shapes, when they chain: set_params must still check
  // each b.
  for (size_t i = 1; i < params.size(); ++i)
    if (params[i].W.cols() != params[i - 1].W.rows()) return;
  Sequential<T> own;
  for (const LayerParams<T>& layer : params) {
    own.template add<LinearLayer<T>>(layer.W.cols(), layer.W.rows(), Init::plain, rng);
    own.template add<SigmoidLayer<T>>();
  }
  try {
    set_params(own, params, "params.json");
  } catch (const Error&) {
    return;
  }
  run(own, params[0].W.cols());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  load<double>(text);
  load<float>(text);
  return 0;
}
