// The nn floor's user-visible choices, one registry each: activations (their layer and
// operation), losses (with their output layer) and initialisations. A new choice is one entry
// here — its name, one-line help and parameters, as in tensor/choice.hpp — plus its operation
// and tests; the CLI's help and validation, model files, RunConfig's JSON and every message
// listing the choices read these lists.
#pragma once

#include <span>
#include <string_view>
#include <type_traits>

#include "scratchnet/graph/op.hpp"
#include "scratchnet/tensor/choice.hpp"

namespace scratchnet {

// An activation A = f(Z; params): the operation a layer places on the graph. Its ParamSpecs
// are the operation's parameters, in the operation's order (OpDef::param_names).
struct ActivationEntry : ChoiceInfo {
  std::string_view layer_name;  // "SigmoidLayer": how a network's description names it
  bool output_only = false;     // softmax: the output of softmax-ce, not a hidden layer's
  const OpDef<float>& (*op_float)() = nullptr;
  const OpDef<double>& (*op_double)() = nullptr;

  template <class T>
  const OpDef<T>& op() const {
    if constexpr (std::is_same_v<T, float>)
      return op_float();
    else
      return op_double();
  }
};
std::span<const ActivationEntry> activation_registry();
// The activations a hidden layer may take (every one but the output-only ones).
std::vector<const ActivationEntry*> hidden_activations();

// The entry `choice` names, and its parameters as the operation takes them (defaults where
// the choice gives none). FieldError naming `field` (e.g. "activation.negative_slope") for an
// unknown name or a parameter out of range.
const ActivationEntry& find_activation(std::string_view name,
                                       std::string_view field = "activation");
// The entry of a hidden layer's activation: as find_activation, and a FieldError saying so for
// an output-only one ("activation: softmax is an output activation …").
const ActivationEntry& find_hidden_activation(std::string_view name,
                                              std::string_view field = "activation");
OpParams activation_op_params(const ActivationEntry& entry, const Choice& choice,
                              std::string_view field = "activation");

// What the network's output means and how its cost is measured.
enum class Loss { mse, bce, softmax_ce };
struct LossEntry : ChoiceInfo {
  Loss loss;
  std::string_view output_activation;  // the last layer's activation: "sigmoid" or "softmax"
  std::string_view cost_name;          // in words, for reports: "squared error"
  std::string_view formula;            // the cost it computes: "C = 1/(2m)·Σ(Y−Ŷ)²"
};
const LossEntry& loss_entry(Loss loss);
std::span<const LossEntry> loss_registry();

// How a LinearLayer's weights start: W = randn(n_out, n_in) · scale(n_in); biases start at 0.
enum class Init { plain, xavier, he };
struct InitEntry : ChoiceInfo {
  Init init;
  double (*scale)(double n_in);
};
std::span<const InitEntry> init_registry();

}  // namespace scratchnet
