#include "scratchnet/nn/nn.hpp"

#include "scratchnet/tensor/format.hpp"

namespace scratchnet {

template <class T>
LinearLayer<T>::LinearLayer(Index n_in, Index n_out, Init ini_type, NumpyRandom& rng)
    : LinearLayer(initialize_weights<T>(n_in, n_out, ini_type, rng), Matrix<T>::Zero(n_out, 1)) {}

template <class T>
LinearLayer<T>::LinearLayer(Matrix<T> W, Matrix<T> b) {
  if (W.size() == 0) throw ShapeError("LinearLayer: W is empty (" + shape_of(W).str() + ")");
  if (b.rows() != W.rows() || b.cols() != 1)
    throw ShapeError("LinearLayer: b must be " + std::to_string(W.rows()) + "×1 for W of shape " +
                     shape_of(W).str() + ", got " + shape_of(b).str());
  W_.name = "W";
  W_.value = std::move(W);
  W_.grad.setZero(W_.value.rows(), W_.value.cols());
  b_.name = "b";
  b_.value = std::move(b);
  b_.grad.setZero(b_.value.rows(), 1);
}

template <class T>
std::string LinearLayer<T>::describe() const {
  return "LinearLayer(" + std::to_string(n_in()) + " → " + std::to_string(n_out()) + ")";
}

template <class T>
Index LinearLayer<T>::output_size(Index input_size) const {
  if (input_size != n_in())
    throw ShapeError(describe() + " expects " + std::to_string(n_in()) +
                     " input rows, but its input has " + std::to_string(input_size));
  return n_out();
}

template <class T>
void LinearLayer<T>::set_params(const Matrix<T>& W, const Matrix<T>& b) {
  if (shape_of(W) != shape_of(W_.value) || shape_of(b) != shape_of(b_.value))
    throw ShapeError(describe() + " needs W " + shape_of(W_.value).str() + " and b " +
                     shape_of(b_.value).str() + ", got W " + shape_of(W).str() + " and b " +
                     shape_of(b).str());
  W_.value = W;
  b_.value = b;
}

template <class T>
LayerNodes LinearLayer<T>::build(Graph<T>& graph, NodeId input, int number) {
  output_size(graph.value(input).rows());
  const std::string n = std::to_string(number);
  W_.name = "W" + n;
  b_.name = "b" + n;
  const NodeId W = graph.add_parameter(W_);
  const NodeId b = graph.add_parameter(b_);
  const NodeId WA =
      graph.template add<ops::MatMul>("W" + n + "·" + graph.node(input).name, {W, input});
  const NodeId Z = graph.template add<ops::AddBias>("Z" + n, {WA, b});
  return {input, Z};
}

template <class T>
ActivationLayer<T>::ActivationLayer(const Choice& choice)
    : entry_(&find_activation(choice.name)),
      choice_(with_defaults(*entry_, choice)),
      op_params_(activation_op_params(*entry_, choice)) {}

template <class T>
std::string ActivationLayer<T>::describe() const {
  std::string text(entry_->layer_name);
  for (size_t i = 0; i < choice_.params.size(); ++i)
    text += (i == 0 ? "(" : ", ") + choice_.params[i].first + " " +
            format_number(choice_.params[i].second) + (i + 1 == choice_.params.size() ? ")" : "");
  return text;
}

template <class T>
std::unique_ptr<Layer<T>> make_activation_layer(const Choice& choice) {
  return std::make_unique<ActivationLayer<T>>(choice);
}

std::string_view to_string(Loss loss) {
  for (const LossEntry& e : loss_registry())
    if (e.loss == loss) return e.name;
  return "?";
}

Loss parse_loss(std::string_view name) {
  return find_choice(loss_registry(), name, "loss").loss;
}

std::string_view output_activation(Loss loss) {
  for (const LossEntry& e : loss_registry())
    if (e.loss == loss) return e.output_activation;
  return "sigmoid";
}

template class LinearLayer<float>;
template class LinearLayer<double>;
template class ActivationLayer<float>;
template class ActivationLayer<double>;
template std::unique_ptr<Layer<float>> make_activation_layer(const Choice&);
template std::unique_ptr<Layer<double>> make_activation_layer(const Choice&);

}  // namespace scratchnet
