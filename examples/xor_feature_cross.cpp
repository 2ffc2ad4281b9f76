// XOR is not linearly separable, so one layer on x₁, x₂ cannot learn it. Feature
// engineering fixes that: add the feature cross x₃ = x₁·x₂ and one layer learns XOR.
#include "print_result.hpp"

using namespace scratchnet;

int main() {
  Dataset<double> data = gate_dataset<double>("xor");
  add_crosses(data, {FeatureCross{0, 1}});  // X gains a third row: x₁·x₂ = [0, 0, 0, 1]

  NumpyRandom rng(48);  // np.random.seed(48)
  Sequential<double> model;
  model.add<LinearLayer<double>>(3, 1, Init::plain, rng);  // Z1 = W1·X + b1, W1 is 1 × 3
  model.add<SigmoidLayer<double>>();                       // A1 = σ(Z1)

  Trainer<double> trainer(model, data.X, data.Y);
  TrainOptions options;
  options.learning_rate = 1;
  options.epochs = 5000;
  options.log_every = 1000;
  trainer.run(options, example::print_cost);
  example::print_prediction(predict(model, data.X, data.Y));
}
