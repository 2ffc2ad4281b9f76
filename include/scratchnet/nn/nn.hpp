// The article's modular network (SPEC Part II): LinearLayer and SigmoidLayer, placed in
// order on a computational graph by a Sequential model.
//
// A layer is a *composite* of graph operations, so its backward rule is not written again
// here — it is what the graph computes from the operations' local gradients:
//   LinearLayer   forward  Z = W·A_prev + b               (ops::MatMul, then ops::AddBias)
//                 backward dW = upstream·A_prevᵀ, db = row sums of upstream,
//                          dA_prev = Wᵀ·upstream
//   SigmoidLayer  forward  A = σ(Z)                        (ops::Sigmoid)
//                 backward dZ = upstream ⊙ A ⊙ (1 − A)
// update_params(learning_rate) is gradient descent on the layer's parameters:
//   θ ← θ − α·∂C/∂θ.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scratchnet/graph/graph.hpp"
#include "scratchnet/nn/registry.hpp"
#include "scratchnet/tensor/random.hpp"

namespace scratchnet {

// How a LinearLayer's weights start (biases always start at 0): Init and its registry are in
// nn/registry.hpp:
//   plain   W = randn(n_out, n_in) · 0.01
//   xavier  W = randn(n_out, n_in) / √n_in
//   he      W = randn(n_out, n_in) · √(2/n_in)
std::string_view to_string(Init init);
Init parse_init(std::string_view name);  // FieldError "init: unknown choice …"

// The article's initialize_parameters(n_in, n_out, ini_type), weights only.
template <class T>
Matrix<T> initialize_weights(Index n_in, Index n_out, Init ini_type, NumpyRandom& rng);

// Where a layer sits on a graph: the node it reads and the node it produces.
struct LayerNodes {
  NodeId input;
  NodeId output;
};

template <class T>
class Layer {
 public:
  virtual ~Layer() = default;

  // "linear", "sigmoid": the name used in listings and saved files.
  virtual std::string_view type() const = 0;
  // One line for a human, e.g. "LinearLayer(2 → 3)".
  virtual std::string describe() const = 0;
  // The number of output rows for `input_size` input rows (throws ShapeError on mismatch).
  virtual Index output_size(Index input_size) const = 0;
  // The number of input rows the layer needs, or 0 when any number fits (an activation).
  virtual Index input_size() const { return 0; }

  // Adds this layer's nodes to `graph`, reading node `input`; `number` is the layer's
  // 1-based position among layers of its kind, used in node names (W1, b1, Z1, A1, …).
  virtual LayerNodes build(Graph<T>& graph, NodeId input, int number) = 0;

  virtual std::vector<Parameter<T>*> parameters() { return {}; }

  // Gradient descent on this layer's parameters: θ ← θ − α·∂C/∂θ (none by default).
  virtual void update_params(T /*learning_rate*/) {}
  // Sets this layer's parameters' gradients to zero (they accumulate over passes).
  virtual void zero_grad() {}
};

template <class T>
class LinearLayer : public Layer<T> {
 public:
  // Random weights (n_out × n_in) by `ini_type`, zero biases (n_out × 1).
  LinearLayer(Index n_in, Index n_out, Init ini_type, NumpyRandom& rng);
  // Given parameters, e.g. the article's hand-picked W = [[0.1, 0.6]], b = [[0]].
  LinearLayer(Matrix<T> W, Matrix<T> b);

  std::string_view type() const override { return "linear"; }
  std::string describe() const override;
  Index output_size(Index input_size) const override;
  Index input_size() const override { return n_in(); }
  LayerNodes build(Graph<T>& graph, NodeId input, int number) override;
  std::vector<Parameter<T>*> parameters() override { return {&W_, &b_}; }
  // W ← W − α·dW,  b ← b − α·db
  void update_params(T learning_rate) override {
    gradient_descent_step(W_, learning_rate);
    gradient_descent_step(b_, learning_rate);
  }

  void zero_grad() override {
    W_.grad.setZero();
    b_.grad.setZero();
  }
  const Parameter<T>& weight_parameter() const { return W_; }
  Index n_in() const { return W_.value.cols(); }
  Index n_out() const { return W_.value.rows(); }
  const Matrix<T>& W() const { return W_.value; }
  const Matrix<T>& b() const { return b_.value; }
  const Matrix<T>& dW() const { return W_.grad; }  // ∂C/∂W after a backward pass
  const Matrix<T>& db() const { return b_.grad; }  // ∂C/∂b after a backward pass
  // Replaces W and b (same shapes, or ShapeError naming the layer).
  void set_params(const Matrix<T>& W, const Matrix<T>& b);

 private:
  Parameter<T> W_;
  Parameter<T> b_;
};

// An activation: one element-wise (or per-example) operation, A = f(Z; params), from the
// activation registry (nn/registry.hpp). SigmoidLayer is the article's; the others follow
// the same pattern:
//   SigmoidLayer  forward  A = σ(Z)            backward  dZ = upstream ⊙ A ⊙ (1 − A)
//   ReLULayer     forward  A = max(0, Z)       backward  dZ = upstream ⊙ [Z > 0]
//   TanhLayer     forward  A = tanh(Z)         backward  dZ = upstream ⊙ (1 − A²)
//   SoftmaxLayer  forward  A = softmax(Z) per example (column)
template <class T>
class ActivationLayer : public Layer<T> {
 public:
  // The activation `choice` names, its parameters checked (FieldError naming
  // "activation.<parameter>" when out of range).
  explicit ActivationLayer(const Choice& choice);

  std::string_view type() const override { return entry_->name; }
  // "SigmoidLayer", or with its parameters: "LeakyReLULayer(negative_slope 0.2)".
  std::string describe() const override;
  Index output_size(Index input_size) const override { return input_size; }
  LayerNodes build(Graph<T>& graph, NodeId input, int number) override {
    return {input, graph.add_op(entry_->op<T>(), "A" + std::to_string(number), std::span(&input, 1),
                                op_params_)};
  }
  const ActivationEntry& entry() const { return *entry_; }
  // The activation as chosen: its name and every parameter's value.
  const Choice& choice() const { return choice_; }

 private:
  const ActivationEntry* entry_;
  Choice choice_;
  OpParams op_params_;
};

template <class T>
struct SigmoidLayer : ActivationLayer<T> {
  SigmoidLayer() : ActivationLayer<T>(Choice("sigmoid")) {}
};
template <class T>
struct ReLULayer : ActivationLayer<T> {
  ReLULayer() : ActivationLayer<T>(Choice("relu")) {}
};
template <class T>
struct TanhLayer : ActivationLayer<T> {
  TanhLayer() : ActivationLayer<T>(Choice("tanh")) {}
};
template <class T>
struct SoftmaxLayer : ActivationLayer<T> {
  SoftmaxLayer() : ActivationLayer<T>(Choice("softmax")) {}
};

// The activation layer `choice` names (an activation_registry() entry, with its parameters);
// FieldError naming the choices for any other name.
template <class T>
std::unique_ptr<Layer<T>> make_activation_layer(const Choice& choice);

// What the network's output means and how its cost is measured (--loss; Loss and its
// registry are in nn/registry.hpp):
//   mse         sigmoid output, the article's squared-error cost 1/(2m)·Σ(Y − Ŷ)²
//   bce         sigmoid output, binary cross-entropy, computed from the logits Z (stable)
//   softmax_ce  softmax output over K classes, cross-entropy from the logits; labels are
//               class indices 0…K−1 in one row, prediction is the arg-max
std::string_view to_string(Loss loss);   // "mse", "bce", "softmax-ce"
Loss parse_loss(std::string_view name);  // FieldError "loss: unknown choice …"
// The output activation a loss expects: "sigmoid" or "softmax".
std::string_view output_activation(Loss loss);

// Layers in order: Linear, Sigmoid, Linear, Sigmoid, … The model owns the layers and
// their parameters; build() places them on any number of graphs.
//
// Shapes are checked where a layer is added: a layer that needs another number of inputs
// than the layers before it give is refused there with a ShapeError naming both layers and
// both sizes, e.g. "layer 3 (LinearLayer(4 → 1)) takes 4 inputs, but layer 2 (SigmoidLayer
// after LinearLayer(2 → 3)) gives 3". build() checks the first layer against X the same way.
template <class T>
class Sequential {
 public:
  Sequential() = default;
  Sequential(Sequential&&) = default;
  Sequential& operator=(Sequential&&) = default;

  template <class L, class... Args>
  L& add(Args&&... args) {
    auto layer = std::make_unique<L>(std::forward<Args>(args)...);
    L& ref = *layer;
    add(std::move(layer));
    return ref;
  }
  Layer<T>& add(std::unique_ptr<Layer<T>> layer);

  // Places every layer (or the first `layer_count`) on `graph` after node `X`; returns the
  // output node (Ŷ). Checks that the first layer takes X's rows (ShapeError naming both).
  // `layer_outputs`, when given, receives each layer's output node in order (Z1, A1, …).
  NodeId build(Graph<T>& graph, NodeId X, size_t layer_count = SIZE_MAX,
               std::vector<NodeId>* layer_outputs = nullptr);

  // Runs the model on `X` (features × m) and returns Ŷ (outputs × m). Works through the
  // examples a few thousand at a time, so a large X needs no activations of its size.
  Matrix<T> forward(const Matrix<T>& X);

  // Gradient descent on every layer: θ ← θ − α·∂C/∂θ.
  void update_params(T learning_rate);
  // Sets every parameter's gradient to zero (they accumulate over backward passes).
  void zero_grad();

  std::vector<Parameter<T>*> parameters();
  std::vector<LinearLayer<T>*> linear_layers();
  std::vector<const LinearLayer<T>*> linear_layers() const;
  const std::vector<std::unique_ptr<Layer<T>>>& layers() const { return layers_; }
  // "LinearLayer(2 → 3) → SigmoidLayer → LinearLayer(3 → 1) → SigmoidLayer"
  std::string describe() const;

 private:
  // "layer 2 (SigmoidLayer after LinearLayer(2 → 3))": layer i (0-based) for a message.
  std::string name_of(size_t i) const;
  // The rows the first `count` layers give, or 0 when no layer fixes them yet.
  Index rows_after(size_t count) const;

  std::vector<std::unique_ptr<Layer<T>>> layers_;
};

// What a network looks like, in the words of the CLI flags.
struct NetworkSpec {
  Index n_inputs = 2;
  std::vector<Index> hidden;     // hidden layer sizes; empty: a 1-layer network
  Choice activation{"sigmoid"};  // the hidden layers' activation, with its parameters
  Index n_outputs = 1;           // 1 for mse and bce; the number of classes for softmax_ce
  Init init = Init::xavier;
  Loss loss = Loss::mse;  // decides the output activation
};

// Linear+activation per hidden layer, then Linear+output activation (sigmoid, or softmax
// for softmax_ce), initialised in order, first layer first, from `rng` (as the article's
// seeded runs do).
template <class T>
Sequential<T> make_network(const NetworkSpec& spec, NumpyRandom& rng);

extern template class LinearLayer<float>;
extern template class LinearLayer<double>;
extern template class ActivationLayer<float>;
extern template class ActivationLayer<double>;
extern template class Sequential<float>;
extern template class Sequential<double>;

}  // namespace scratchnet
