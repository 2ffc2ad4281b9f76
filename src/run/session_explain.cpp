// Session::explain_step: the article's hand calculation (SPEC Part I.3–4), done by the graph.
#include <string>

#include "scratchnet/run/session.hpp"

namespace scratchnet {

template <class T>
ExplainedStep<T> Session<T>::explain_step(std::optional<Index> example, double learning_rate,
                                          const GraphPictureOptions& picture) {
  TrainOptions step = options_;  // the run's loss and L2, one plain full-batch step
  step.learning_rate = learning_rate;
  step.batch_size = 0;
  step.optimizer = "sgd";
  step.schedule = LrSchedule{};
  validate(step);

  const Dataset<T>& data = setup_.data;
  const Index m = data.X.cols();
  ExplainedStep<T> r;
  r.data = data.name;
  r.learning_rate = learning_rate;
  std::optional<Trainer<T>> one_example;
  Matrix<T> X, Y;  // example's column, when there is one
  if (example) {
    const Index k = *example;
    if (k < 0) throw FieldError("example", std::to_string(k) + ": an example index is 0 or more");
    if (k >= m)
      throw FieldError("example", std::to_string(k) + ": the data has " + std::to_string(m) +
                                      " examples (0 to " + std::to_string(m - 1) + ")");
    X = data.X.col(k);
    Y = data.Y.col(k);
    r.examples = "example " + std::to_string(k);
  } else {
    r.examples = std::to_string(m) + " examples";
  }
  // The session's own graph holds every example when it trains on the full batch; a
  // single example, or a mini-batch run, gets a graph of its own.
  Trainer<T>& trainer =
      !example && trainer_->full_batch()
          ? *trainer_
          : one_example.emplace(setup_.model, example ? X : data.X, example ? Y : data.Y, step);
  r.m = example ? 1 : m;
  r.cost = static_cast<double>(trainer.forward_backward());
  const Graph<T>& g = trainer.graph();
  r.nodes = explain_pass(g, trainer.cost_node());
  r.output = g.value(trainer.output_node());
  GraphPictureOptions named = picture;  // X's rows are the features, by name
  if (!named.row_names.count("X")) named.row_names["X"] = data.feature_names;
  r.graph_dot = graph_to_dot(g, named);

  // θ ← θ − α·∂C/∂θ, measured, then undone.
  for (Parameter<T>* p : setup_.model.parameters()) {
    r.updates.push_back({p->name, p->value, p->grad, {}});
    gradient_descent_step(*p, static_cast<T>(learning_rate));
    r.updates.back().after = p->value;
  }
  r.cost_after = static_cast<double>(trainer.forward_backward());
  r.output_after = g.value(trainer.output_node());
  size_t i = 0;
  for (Parameter<T>* p : setup_.model.parameters())
    p->value = r.updates[i++].value;
  return r;
}

template ExplainedStep<float> Session<float>::explain_step(std::optional<Index>, double,
                                                           const GraphPictureOptions&);
template ExplainedStep<double> Session<double>::explain_step(std::optional<Index>, double,
                                                             const GraphPictureOptions&);

}  // namespace scratchnet
