// A deeper variant: two hidden layers of 5 and 3 sigmoid neurons (a "3-layer network"),
// built from a NetworkSpec the way `scratchnet train --hidden 5,3` builds it.
#include "print_result.hpp"

using namespace scratchnet;

int main() {
  const Dataset<double> data = gate_dataset<double>("xor");

  NetworkSpec spec;
  spec.n_inputs = 2;
  spec.hidden = {5, 3};
  spec.init = Init::xavier;
  NumpyRandom rng(48);
  Sequential<double> model = make_network<double>(spec, rng);
  std::printf("%s\n", model.describe().c_str());

  Trainer<double> trainer(model, data.X, data.Y);
  TrainOptions options;
  options.learning_rate = 1;
  options.epochs = 5000;
  options.log_every = 1000;
  trainer.run(options, example::print_cost);
  example::print_prediction(predict(model, data.X, data.Y));
}
