// The entries of the nn floor's registries (include/scratchnet/nn/registry.hpp).
#include "scratchnet/nn/registry.hpp"

#include <cmath>
#include <vector>

#include "scratchnet/graph/ops.hpp"

namespace scratchnet {
namespace {

template <class Op>
ActivationEntry activation(ChoiceInfo info, std::string_view layer_name, bool output_only = false) {
  return {std::move(info), layer_name, output_only, &op_def<Op, float>, &op_def<Op, double>};
}

}  // namespace

std::span<const ActivationEntry> activation_registry() {
  static const std::vector<ActivationEntry> entries = {
      activation<ops::Sigmoid>({"sigmoid", "σ(z) = 1/(1 + e^−z), the article's"}, "SigmoidLayer"),
      activation<ops::ReLU>({"relu", "max(0, z); pair it with --init he"}, "ReLULayer"),
      activation<ops::Tanh>({"tanh", "tanh(z)"}, "TanhLayer"),
      activation<ops::LeakyReLU>({"leaky-relu",
                                  "z where z > 0, else a·z: ReLU that keeps a small gradient",
                                  {{"negative_slope", "--negative-slope", "a, the slope for z < 0",
                                    0.01, 0, 1, true, false}}},
                                 "LeakyReLULayer"),
      activation<ops::Sine>(
          {"sine", "sin(z): the article's \"any non-linear function, even sin\"", {}, {"sin"}},
          "SineLayer"),
      activation<ops::Elu>(
          {"elu",
           "z where z > 0, else α·(e^z − 1): smooth, negative outputs",
           {{"alpha", "--elu-alpha", "α: ELU tends to −α as z → −∞", 1, 0, INFINITY, false, true}}},
          "EluLayer"),
      activation<ops::Softmax>({"softmax", "e^z / Σe^z per example"}, "SoftmaxLayer", true),
  };
  return entries;
}

std::vector<const ActivationEntry*> hidden_activations() {
  std::vector<const ActivationEntry*> result;
  for (const ActivationEntry& e : activation_registry())
    if (!e.output_only) result.push_back(&e);
  return result;
}

const ActivationEntry& find_activation(std::string_view name, std::string_view field) {
  return find_choice(activation_registry(), name, field);
}

const ActivationEntry& find_hidden_activation(std::string_view name, std::string_view field) {
  const ActivationEntry* e = try_find_choice(activation_registry(), name);
  if (!e)
    throw FieldError(std::string(field), ": unknown choice '" + std::string(name) + "' (expected " +
                                             choice_names(hidden_activations()) + ")");
  if (e->output_only)
    throw FieldError(std::string(field), ": " + std::string(e->name) +
                                             " is an output activation (the loss chooses the "
                                             "output layer); hidden layers take " +
                                             choice_names(hidden_activations()));
  return *e;
}

OpParams activation_op_params(const ActivationEntry& entry, const Choice& choice,
                              std::string_view field) {
  const Choice full = with_defaults(entry, choice);
  validate_choice(entry, full, field);
  OpParams params;
  for (size_t i = 0; i < entry.params.size() && i < OpParams::kMax; ++i)
    params.values[i] = full.param(entry.params[i].name);
  return params;
}

std::span<const LossEntry> loss_registry() {
  static const std::vector<LossEntry> entries = {
      {{"mse", "the article's squared error 1/(2m)·Σ(Y−Ŷ)², sigmoid output"},
       Loss::mse,
       "sigmoid",
       "squared error",
       "C = 1/(2m)·Σ(Y−Ŷ)²"},
      {{"bce", "binary cross-entropy, sigmoid output"},
       Loss::bce,
       "sigmoid",
       "binary cross-entropy",
       "C = −1/m·Σ[Y·log Ŷ + (1−Y)·log(1−Ŷ)]"},
      {{"softmax-ce", "softmax over the classes 0…K−1, cross-entropy", {}, {"softmax_ce"}},
       Loss::softmax_ce,
       "softmax",
       "cross-entropy",
       "C = −1/m·Σ log Ŷ[y], Ŷ[y] the probability of the true class"},
  };
  return entries;
}

const LossEntry& loss_entry(Loss loss) {
  for (const LossEntry& e : loss_registry())
    if (e.loss == loss) return e;
  throw Error("no registry entry for a loss");  // every Loss has one (test_registries)
}

std::span<const InitEntry> init_registry() {
  static const std::vector<InitEntry> entries = {
      {{"plain", "randn·0.01"}, Init::plain, [](double) { return 0.01; }},
      {{"xavier", "randn/√n_in"}, Init::xavier, [](double n_in) { return std::sqrt(1.0 / n_in); }},
      {{"he", "randn·√(2/n_in)"}, Init::he, [](double n_in) { return std::sqrt(2.0 / n_in); }},
  };
  return entries;
}

}  // namespace scratchnet
