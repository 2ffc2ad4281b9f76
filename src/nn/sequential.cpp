#include "scratchnet/nn/nn.hpp"

namespace scratchnet {

template <class T>
std::string Sequential<T>::name_of(size_t i) const {
  std::string name = "layer " + std::to_string(i + 1) + " (" + layers_[i]->describe();
  if (layers_[i]->input_size() == 0)  // an activation: say what it follows
    for (size_t k = i; k-- > 0;)
      if (layers_[k]->input_size() != 0) {
        name += " after " + layers_[k]->describe();
        break;
      }
  return name + ")";
}

template <class T>
Index Sequential<T>::rows_after(size_t count) const {
  Index rows = 0;
  for (size_t i = 0; i < count; ++i) {
    if (rows == 0) rows = layers_[i]->input_size();
    if (rows != 0) rows = layers_[i]->output_size(rows);
  }
  return rows;
}

template <class T>
Layer<T>& Sequential<T>::add(std::unique_ptr<Layer<T>> layer) {
  if (!layer) throw UsageError("Sequential::add: no layer (a null pointer)");
  const Index takes = layer->input_size();
  const Index gives = rows_after(layers_.size());
  if (takes != 0 && gives != 0 && takes != gives)
    throw ShapeError("layer " + std::to_string(layers_.size() + 1) + " (" + layer->describe() +
                     ") takes " + std::to_string(takes) + " inputs, but " +
                     name_of(layers_.size() - 1) + " gives " + std::to_string(gives));
  layers_.push_back(std::move(layer));
  return *layers_.back();
}

template <class T>
NodeId Sequential<T>::build(Graph<T>& graph, NodeId X, size_t layer_count,
                            std::vector<NodeId>* layer_outputs) {
  if (layers_.empty()) throw UsageError("Sequential: the model has no layers");
  NodeId current = X;
  int linear_count = 0;
  for (size_t i = 0; i < std::min(layer_count, layers_.size()); ++i) {
    Layer<T>& layer = *layers_[i];
    const Shape given = shape_of(graph.value(current));
    if (layer.input_size() != 0 && layer.input_size() != given.rows)
      throw ShapeError(name_of(i) + " takes " + std::to_string(layer.input_size()) +
                       " inputs, but " +
                       (i == 0 ? "the input " + graph.node(X).name : name_of(i - 1)) + " gives " +
                       std::to_string(given.rows) + " (" + given.str() + ")");
    // Linear layers count up (Z1, Z2, …); an activation takes the number of the linear
    // layer before it (A1 = σ(Z1)), as in the article.
    const bool is_linear = layer.type() == "linear";
    if (is_linear) ++linear_count;
    graph.set_layer("layer " + std::to_string(i + 1) + ", " + layer.describe());
    try {
      current = layer.build(graph, current, std::max(linear_count, 1)).output;
      if (layer_outputs) layer_outputs->push_back(current);
    } catch (const ShapeError& e) {
      throw ShapeError(
          "layer " + std::to_string(i + 1) + " (" + layer.describe() + ") does not fit after " +
          (i == 0 ? std::string("the input") : layers_[i - 1]->describe()) + ": " + e.what());
    }
  }
  graph.set_layer("");
  return current;
}

template <class T>
Matrix<T> Sequential<T>::forward(const Matrix<T>& X) {
  constexpr Index kChunk = 2048;  // examples per pass: bounds the activations' memory
  const Index m = X.cols();
  const Index chunk = std::clamp<Index>(m, 1, kChunk);
  Graph<T> graph;
  const NodeId x = graph.add_data("X", Matrix<T>::Zero(X.rows(), chunk));
  const NodeId out = build(graph, x);
  if (m <= kChunk) {
    graph.set_data(x, X);
    graph.forward();
    return graph.value(out);
  }
  Matrix<T> result(graph.value(out).rows(), m);
  for (Index start = 0; start < m; start += chunk) {
    const Index size = std::min(chunk, m - start);
    graph.set_data(x, X.middleCols(start, size));
    graph.forward();
    result.middleCols(start, size) = graph.value(out);
  }
  return result;
}

template <class T>
void Sequential<T>::zero_grad() {
  for (auto& layer : layers_)
    layer->zero_grad();
}

template <class T>
void Sequential<T>::update_params(T learning_rate) {
  for (auto& layer : layers_)
    layer->update_params(learning_rate);
}

template <class T>
std::vector<Parameter<T>*> Sequential<T>::parameters() {
  std::vector<Parameter<T>*> result;
  for (auto& layer : layers_)
    for (Parameter<T>* p : layer->parameters())
      result.push_back(p);
  return result;
}

template <class T>
std::vector<LinearLayer<T>*> Sequential<T>::linear_layers() {
  std::vector<LinearLayer<T>*> result;
  for (auto& layer : layers_)
    if (auto* linear = dynamic_cast<LinearLayer<T>*>(layer.get())) result.push_back(linear);
  return result;
}

template <class T>
std::vector<const LinearLayer<T>*> Sequential<T>::linear_layers() const {
  std::vector<const LinearLayer<T>*> result;
  for (const auto& layer : layers_)
    if (auto* linear = dynamic_cast<const LinearLayer<T>*>(layer.get())) result.push_back(linear);
  return result;
}

template <class T>
std::string Sequential<T>::describe() const {
  std::string result;
  for (const auto& layer : layers_)
    result += (result.empty() ? "" : " → ") + layer->describe();
  return result;
}

template <class T>
Sequential<T> make_network(const NetworkSpec& spec, NumpyRandom& rng) {
  // Refuses an unknown name, a parameter out of range or an output-only activation before
  // any work.
  activation_op_params(find_hidden_activation(spec.activation.name), spec.activation);
  if (spec.loss == Loss::softmax_ce && spec.n_outputs < 2)
    throw UsageError("softmax-ce needs at least 2 classes, got " + std::to_string(spec.n_outputs) +
                     " outputs");
  if (spec.loss != Loss::softmax_ce && spec.n_outputs < 1)
    throw UsageError("the network needs at least one output");
  if (spec.n_inputs < 1) throw UsageError("the network needs at least one input feature");
  Sequential<T> model;
  Index n_in = spec.n_inputs;
  // Refuse a network that cannot fit in memory before allocating any of it.
  constexpr Index kMaxNeurons = 1'000'000;
  constexpr double kMaxParameters = 250e6;  // 2 GB of float64
  double parameters = 0;
  Index previous = spec.n_inputs;
  for (size_t i = 0; i < spec.hidden.size(); ++i) {
    if (spec.hidden[i] < 1)
      throw UsageError("hidden layer " + std::to_string(i + 1) + " has " +
                       std::to_string(spec.hidden[i]) + " neurons (expected at least 1)");
    if (spec.hidden[i] > kMaxNeurons)
      throw UsageError("hidden layer " + std::to_string(i + 1) + " has " +
                       std::to_string(spec.hidden[i]) + " neurons (at most " +
                       std::to_string(kMaxNeurons) + ")");
    parameters += static_cast<double>(spec.hidden[i]) * static_cast<double>(previous + 1);
    previous = spec.hidden[i];
  }
  parameters += static_cast<double>(spec.n_outputs) * static_cast<double>(previous + 1);
  if (parameters > kMaxParameters)
    throw UsageError("the network would have " +
                     std::to_string(static_cast<long long>(parameters)) +
                     " parameters (at most 250000000)");
  for (size_t i = 0; i < spec.hidden.size(); ++i) {
    model.template add<LinearLayer<T>>(n_in, spec.hidden[i], spec.init, rng);
    model.add(make_activation_layer<T>(spec.activation));
    n_in = spec.hidden[i];
  }
  model.template add<LinearLayer<T>>(n_in, spec.n_outputs, spec.init, rng);
  model.add(make_activation_layer<T>(Choice(std::string(output_activation(spec.loss)))));
  return model;
}

template class Sequential<float>;
template class Sequential<double>;
template Sequential<float> make_network(const NetworkSpec&, NumpyRandom&);
template Sequential<double> make_network(const NetworkSpec&, NumpyRandom&);

}  // namespace scratchnet
